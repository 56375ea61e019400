import type { BackendClient, BackendOutcome } from '../backend/index.js';
import type { Clock } from '../time/index.js';
import type { Job, Settlement } from '../strategy/index.js';
import type { Egress } from './egress.js';

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

/** Calls the backend for one job, retrying failed calls with backoff (honouring the backend's retry hint). */
export async function processJob(job: Job, d: WorkerDeps): Promise<Settlement & { outcome?: BackendOutcome }> {
  let last: BackendOutcome | undefined;
  for (let attempt = 0; attempt <= d.retries; attempt++) {
    if (attempt > 0) await d.clock.sleep(backoffMs(attempt, last), d.signal);
    last = await d.egress.run(() => {
      // Egress may release a call long after this worker's process died: a dead process calls nobody.
      d.signal.throwIfAborted();
      return d.backend.call({ id: job.id, inputTokens: job.inputTokens, maxTokens: job.maxTokens }, d.signal);
    });
    if (last.ok) return { ok: true, outcome: last };
    if (!isRetryable(last)) break;
  }
  const f = last as Extract<BackendOutcome, { ok: false }>;
  return { ok: false, reason: f.status ? `backend ${f.status}` : `backend unreachable: ${f.message}`, outcome: last };
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
