import type { ClaimedJob, NewJob } from '../model/index.js';
import type { Rng } from '../time/index.js';
import type { Job, Lease } from './types.js';

// What the persistent strategy writes to its queue store and reads back, whichever runtime
// (one process over SQLite, many over Redis) does the writing: one encoding, one backoff, one
// dead-letter reason.

/** What the queue keeps of a job besides its id and priority. */
interface Payload {
  inputTokens: number;
  maxTokens: number;
  admittedAt: number;
}

/** A job as the store keeps it. */
export function queuedJob(job: Job, maxAttempts: number): NewJob {
  const payload: Payload = { inputTokens: job.inputTokens, maxTokens: job.maxTokens, admittedAt: job.admittedAt };
  return { id: job.id, priority: job.priority, payload: JSON.stringify(payload), maxAttempts };
}

/** A claim from the store as a worker's lease. */
export function leaseOf(claimed: ClaimedJob): Lease {
  const p = JSON.parse(claimed.payload) as Payload;
  return {
    job: { id: claimed.id, priority: claimed.priority, inputTokens: p.inputTokens, maxTokens: p.maxTokens, admittedAt: p.admittedAt },
    lease: claimed.lease,
  };
}

/** Exponential backoff with jitter before retry number `attempts` + 1. */
export function retryBackoffMs(baseMs: number, attempts: number, rng: Rng): number {
  return baseMs * 2 ** (attempts - 1) * (0.5 + 0.5 * rng.next());
}

/** The reason a dead-lettered job is reported `failed` with (the engine reads dead letters back with it too). */
export function deadLetterReason(reason: string): string {
  return `dead-letter: ${reason}`;
}
