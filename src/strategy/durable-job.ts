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

const HEAD = '{"inputTokens":';
const MAX_TOKENS = ',"maxTokens":';
const ADMITTED_AT = ',"admittedAt":';

/**
 * A job as the store keeps it: its payload is the JSON of a Payload, keys in that order (what
 * JSON.stringify wrote before, byte for byte: numbers print the same in a template), written and
 * read (see decode) without the JSON machinery, a simulated durable queue's largest cost per job.
 */
export function queuedJob(job: Job, maxAttempts: number): NewJob {
  const { inputTokens, maxTokens, admittedAt } = job;
  // Only finite numbers print as JSON would; anything else (a body a client sent with a string
  // for a count) is written by JSON itself, and read back by it.
  const payload =
    Number.isFinite(inputTokens) && Number.isFinite(maxTokens) && Number.isFinite(admittedAt)
      ? `${HEAD}${inputTokens}${MAX_TOKENS}${maxTokens}${ADMITTED_AT}${admittedAt}}`
      : JSON.stringify({ inputTokens, maxTokens, admittedAt } satisfies Payload);
  return { id: job.id, priority: job.priority, payload, maxAttempts };
}

/** A payload back: the layout queuedJob writes read directly; anything else (a queue another version wrote) through JSON.parse. */
function decode(payload: string): Payload {
  const max = payload.startsWith(HEAD) ? payload.indexOf(MAX_TOKENS, HEAD.length) : -1;
  const admitted = max < 0 ? -1 : payload.indexOf(ADMITTED_AT, max);
  if (admitted > 0 && payload.endsWith('}')) {
    const p = {
      inputTokens: Number(payload.slice(HEAD.length, max)),
      maxTokens: Number(payload.slice(max + MAX_TOKENS.length, admitted)),
      admittedAt: Number(payload.slice(admitted + ADMITTED_AT.length, -1)),
    };
    if (Number.isFinite(p.inputTokens) && Number.isFinite(p.maxTokens) && Number.isFinite(p.admittedAt)) return p;
  }
  return JSON.parse(payload) as Payload;
}

/** A claim from the store as a worker's lease. */
export function leaseOf(claimed: ClaimedJob): Lease {
  const p = decode(claimed.payload);
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
