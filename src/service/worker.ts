import type { BackendClient, BackendOutcome } from '../backend/index.js';
import { waitOn, type Clock } from '../time/index.js';
import type { Job, Settlement } from '../strategy/index.js';
import type { Egress, EgressCall } from './egress.js';

export interface WorkerDeps {
  clock: Clock;
  backend: BackendClient;
  egress: Egress;
  /** Service-side retries of a failed call before the job is reported failed. */
  retries: number;
  signal: AbortSignal;
}

const BASE_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 5000;

export type JobResult = Settlement & { outcome?: BackendOutcome };

/**
 * Calls the backend for one job, retrying failed calls with backoff (honouring the backend's
 * retry hint), and calls `done` with how it went. A call that could not be made (the worker was
 * killed mid-call, a gameday bug) settles as failed; the caller checks its signal.
 */
export function processJob(job: Job, d: WorkerDeps, done: (result: JobResult) => void): void {
  let attempt = 0;
  const callOnce: EgressCall = (reply) => {
    // Egress may release a call long after this worker's process died: a dead process calls nobody.
    if (d.signal.aborted) return reply(d.signal.reason);
    try {
      d.backend.call({ id: job.id, inputTokens: job.inputTokens, maxTokens: job.maxTokens }, d.signal, reply);
    } catch (err) {
      reply(err ?? new Error('backend call threw'));
    }
  };
  const next = () => d.egress.run(callOnce, answered);
  const cut = (err: unknown) => done(asFailure(err));
  const answered = (err: unknown, outcome?: BackendOutcome): void => {
    if (err !== undefined) return cut(err);
    const last = outcome!;
    if (last.ok) return done({ ok: true, outcome: last });
    if (!isRetryable(last) || ++attempt > d.retries)
      return done({ ok: false, reason: last.status ? `backend ${last.status}` : `backend unreachable: ${last.message}`, outcome: last });
    waitOn(d.clock, backoffMs(attempt, last), d.signal, next, cut);
  };
  next();
}

/** A job whose call could not be made (a kill mid-call, a gameday bug) settles as failed. */
function asFailure(err: unknown): JobResult {
  return { ok: false, reason: String(err) };
}

/**
 * 4xx other than 408/409/429 will not succeed on retry. Nor will anything the backend marks
 * `x-should-retry: false`, or a 429 without `retry-after`: a rate limit always says when to come
 * back, so a bare 429 is a spend or usage limit that no retry can get past.
 */
function isRetryable(o: Extract<BackendOutcome, { ok: false }>): boolean {
  if (o.shouldRetry === false) return false;
  if (o.status === 429) return o.retryAfterMs !== undefined;
  return o.status === 0 || o.status === 408 || o.status === 409 || o.status >= 500;
}

function backoffMs(attempt: number, last: BackendOutcome | undefined): number {
  const hint = last && !last.ok ? last.retryAfterMs : undefined;
  return hint ?? Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (attempt - 1));
}
