/**
 * The answer of a step that may finish later: an error, or none and the value. The simulator's
 * request path (client, service, worker, egress, mock) is written with these rather than
 * promises, so a step that can answer at once does, and one that waits does so on the clock's
 * timers alone: a promise costs a microtask turn per hop whether or not anything waited, and
 * that machinery, not the work, was what bounded a simulated request's cost.
 */
export type Reply<T> = (err: unknown, value?: T) => void;

/** A promise of what `start` replies: how async code (a live adapter, a test) reads a Reply step. */
export function promised<T>(start: (reply: Reply<T>) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => start((err, value) => (err === undefined ? resolve(value as T) : reject(err))));
}

/** Replies what `p` settles to: how a step that may be async (HTTP, a store over the network) joins the Reply path. */
export function replyWith<T>(p: Promise<T>, reply: Reply<T>): void {
  p.then(
    (value) => reply(undefined, value),
    (err: unknown) => reply(err ?? new Error('rejected without a reason')),
  );
}
