/**
 * A durable job queue, the storage behind the `persistent` strategy. Synchronous on purpose:
 * embedded SQLite answers in microseconds, and a synchronous store keeps virtual-time runs exact.
 * All times are the caller's clock (ms since the run's origin), never the store's own.
 *
 * Contract (checked by the conformance suite for every implementation):
 * - `enqueue` is idempotent on `id`: a second enqueue of a known id returns 'exists' and changes nothing.
 * - `enqueue` returns 'full' when `capacity` jobs are ready or leased; nothing is written then.
 * - `claim` atomically leases the oldest ready job of the best priority (lowest number) until
 *   `now + leaseMs`; a job is never leased to two claimers at once.
 * - `reclaimExpired` makes every job whose lease ended before `now` ready again (crash recovery),
 *   except a job already brought back `maxStalled` times: that one is dead-lettered with
 *   `stalledReason` (a poison job whose worker keeps dying is not put back forever). No limit when absent.
 * - `complete` and `fail` act only on a job currently leased by that lease token; otherwise they return false.
 * - A failed job with attempts left becomes ready at `retryAt`; without, it is dead-lettered with its reason.
 */
export interface QueueStore {
  enqueue(job: NewJob, now: number): 'added' | 'exists' | 'full';
  claim(now: number, leaseMs: number): ClaimedJob | undefined;
  complete(id: string, lease: number, now: number): boolean;
  fail(id: string, lease: number, now: number, reason: string, retryAt: number | null): boolean;
  reclaimExpired(now: number, maxStalled?: number): number;
  counts(): StoreCounts;
  /** Dead-lettered jobs with their reasons (for the report). */
  deadLetters(): { id: string; reason: string }[];
  /** Jobs the queue still holds (ready, waiting for a retry, or leased), in no set order: where a stopped run's work is. */
  unfinished(): UnfinishedJob[];
  close(): void;
}

/**
 * The same contract, answered over the network: a store shared by many processes (Redis). Every
 * store can be used through it (src/store/async.ts adapts the synchronous ones), so one
 * conformance suite checks all of them. `close` also removes a run's keys when the store owns them.
 */
export interface AsyncQueueStore {
  enqueue(job: NewJob, now: number): Promise<EnqueueAnswer>;
  claim(now: number, leaseMs: number): Promise<ClaimedJob | undefined>;
  complete(id: string, lease: number, now: number): Promise<boolean>;
  fail(id: string, lease: number, now: number, reason: string, retryAt: number | null): Promise<boolean>;
  reclaimExpired(now: number, maxStalled?: number): Promise<number>;
  counts(): Promise<StoreCounts>;
  deadLetters(): Promise<{ id: string; reason: string }[]>;
  unfinished(): Promise<UnfinishedJob[]>;
  close(): Promise<void>;
}

/**
 * Why a job went to dead letters without a failure: its lease expired once more after it had
 * been brought back `times` times. Every store writes this same text.
 */
export function stalledReason(times: number): string {
  return `stalled ${times + 1} times: its lease expired each time (the worker holding it died, or outlived its lease)`;
}

/** A limit a store's script or statement can take as a number: no limit at all. */
export const NO_STALL_LIMIT = 2 ** 31 - 1;

/** The Redis a `store: redis` queue uses when the scenario names none. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export type EnqueueAnswer = 'added' | 'exists' | 'full';

export interface NewJob {
  id: string;
  priority: number;
  payload: string;
  maxAttempts: number;
}

export interface ClaimedJob extends NewJob {
  /** How many times it was claimed, this claim included. */
  attempts: number;
  /** Identifies this claim; a stale lease cannot complete or fail the job. */
  lease: number;
}

/** A job still in the queue: `ready` (due now or waiting for its retry) or `leased` (a worker holds it, or held it when it died). */
export interface UnfinishedJob {
  id: string;
  state: 'ready' | 'leased';
}

export interface StoreCounts {
  ready: number;
  leased: number;
  done: number;
  dead: number;
}
