import type { ServiceCounters } from '../model/index.js';
import { JobQueue } from './job-queue.js';
import type { Admission, Job, Strategy } from './types.js';

export const ACCEPTED: Admission = { kind: 'accepted' };
const FINAL = Object.freeze({ terminal: true as const });

/** What an in-memory strategy decides for an offer: an answer, and whether the job is queued. */
export type Decision = { admission: Admission; enqueue: boolean };

/**
 * Builds a Strategy over a JobQueue from an admission rule. Counting by the answer given is
 * deliberate: it is what a service's own metrics would say, right or wrong.
 */
export function queueStrategy(queue: JobQueue, decide: (job: Job, signal?: AbortSignal) => Decision | Promise<Decision>): Strategy {
  const count = (a: Admission): void => {
    const c = queue.counts;
    c.received++;
    if (a.kind === 'accepted') c.accepted++;
    else if (a.kind === 'shed') c.shed++;
    else c.rejected++;
  };
  const apply = (job: Job, d: Decision): Admission => {
    count(d.admission);
    if (d.enqueue) queue.push(job);
    return d.admission;
  };
  return {
    admit(job, signal) {
      const d = decide(job, signal);
      return d instanceof Promise ? d.then((x) => apply(job, x)) : apply(job, d);
    },
    take: (deliver) => queue.take(deliver),
    // An in-memory job is never tried again: every settle is final.
    settle: (lease, result) => {
      queue.settle(lease, result);
      return FINAL;
    },
    depth: () => queue.depth,
    counters: (): ServiceCounters => queue.snapshot(),
    close: () => queue.close(),
  };
}

export const accept: Decision = { admission: ACCEPTED, enqueue: true };
