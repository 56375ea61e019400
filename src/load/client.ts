import { Answer, type AnswerKind, type Clock, type Ledger } from '../model/index.js';
import type { RetryPolicy } from './retry.js';
import { isAccepted, isServiceSideError, isShed, type ClientAnswer, type JobOffer, type Transport } from './transport.js';

export interface ClientDeps {
  clock: Clock;
  transport: Transport;
  retry: RetryPolicy;
  ledger: Ledger;
  timeoutMs: number;
  /** Counts every answer by what the client heard (see answerKey). */
  answers: Map<string, number>;
  /** The end of the run (traffic + drain, or an interrupt): no retry starts after it, an attempt in flight is cut. */
  deadline: RunDeadline;
}

// Abort reasons made once: at the run's end thousands of requests are cut in one go, and an
// Error per request (each capturing a stack) made that take seconds.
const RUN_DEADLINE = new Error('run deadline');
const CLIENT_TIMEOUT = new Error('client timeout');

/**
 * The run's end, for every request at once: one listener on the run's signal and a set of the
 * requests still going. (A listener per request on one shared signal costs O(n) to add and to
 * remove: at thousands of requests in flight that alone starves the generator.)
 */
export class RunDeadline {
  private readonly going = new Set<AbortController>();

  constructor(private readonly signal: AbortSignal) {
    signal.addEventListener(
      'abort',
      () => {
        for (const c of this.going) c.abort(RUN_DEADLINE);
        this.going.clear();
      },
      { once: true },
    );
  }

  get passed(): boolean {
    return this.signal.aborted;
  }

  /** A signal of one request's own that aborts at the deadline; `leave` when the request is done. */
  enter(): { signal: AbortSignal; leave(): void } {
    const c = new AbortController();
    if (this.passed) c.abort(RUN_DEADLINE);
    else this.going.add(c);
    return { signal: c.signal, leave: () => this.going.delete(c) };
  }
}

/** One logical request: attempts until accepted, refused for good, or out of retries. Every attempt is counted. */
export async function runRequest(offer: JobOffer, d: ClientDeps): Promise<void> {
  d.retry.onRequestStarted();
  const deadline = d.deadline.enter();
  try {
    await attempts(offer, d, deadline.signal);
  } finally {
    deadline.leave();
  }
}

async function attempts(offer: JobOffer, d: ClientDeps, deadline: AbortSignal): Promise<void> {
  for (let attempt = 1; !deadline.aborted; attempt++) {
    d.ledger.attempt(offer.index);
    // Only the first attempt is an arrival of the open-loop schedule; retries are the client's.
    const written = attempt === 1 ? () => d.ledger.sent(offer.index, d.clock.now()) : undefined;
    const answer = await attemptOnce(offer, d, deadline, written);
    // Refused or cut by the service before the bytes went out: the generator still did its part.
    if (written && isServiceSideError(answer)) written();
    d.ledger.answer(offer.index, classify(answer), d.clock.now());
    const key = answerKey(answer);
    d.answers.set(key, (d.answers.get(key) ?? 0) + 1);
    const delay = d.retry.nextDelay(answer, attempt);
    if (delay === undefined) return;
    // A retry due after the deadline never happens: the request keeps its last answer.
    if (delay > 0) await d.clock.sleep(delay, deadline).catch(() => undefined);
  }
}

async function attemptOnce(offer: JobOffer, d: ClientDeps, deadline: AbortSignal, onWritten?: () => void): Promise<ClientAnswer> {
  const timeout = new AbortController();
  const cancel = d.clock.setTimer(d.timeoutMs, () => timeout.abort(CLIENT_TIMEOUT));
  // A listener, not AbortSignal.any: on Node 20 `any` keeps every derived signal alive for the run.
  const cutOff = () => timeout.abort(RUN_DEADLINE);
  deadline.addEventListener('abort', cutOff, { once: true });
  try {
    const answer = await d.transport.send(offer, timeout.signal, onWritten);
    return timeout.signal.aborted ? { kind: 'timeout' } : answer;
  } finally {
    cancel();
    deadline.removeEventListener('abort', cutOff);
  }
}

/** "202", "429 retry-after", "500", "connection ECONNREFUSED", "timeout". */
export function answerKey(a: ClientAnswer): string {
  if (a.kind === 'status') return a.retryAfterS ? `${a.status} retry-after` : String(a.status);
  return a.kind === 'timeout' ? 'timeout' : `connection ${a.code}`;
}

export function classify(a: ClientAnswer): AnswerKind {
  if (isAccepted(a)) return Answer.accepted;
  if (isShed(a)) return Answer.shed;
  if (a.kind === 'status') return Answer.rejected;
  return a.kind === 'timeout' ? Answer.timeout : Answer.network;
}
