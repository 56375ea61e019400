import type { Clock } from '../time/index.js';
import type { Fault } from '../fault/index.js';
import type { CongestionConfig } from './capacity.js';
import type { AnswerConfig } from './mock-answer.js';
import type { Epoch, RateLimitConfig } from './rate-limit.js';
import type { SpendLimitConfig } from './spend-limit.js';
import type { BackendObserver } from './types.js';
import type { Upstream } from './upstream.js';

export interface MockConfig extends AnswerConfig {
  latency: { p50: number; p99: number };
  outputTokens: { p50: number; p99: number };
  errorRate: number;
  model: string;
  /** Model ids served besides the documented ones (see claude-models.ts): a fine-tune, a model newer than the list. */
  models?: readonly string[];
  /** Per-minute limits, answered 429 `rate_limit_error` with `retry-after` and `anthropic-ratelimit-*` headers. */
  rateLimits?: RateLimitConfig;
  /** Calls in progress at once; more are answered 529 `overloaded_error`. */
  capacity?: number;
  /** Latency rising with calls in progress past a knee, up to `capacity` (see congestionFactor). */
  congestion?: CongestionConfig;
  /** A workspace spend limit: past it, every call is refused with no `retry-after`. */
  spendLimit?: SpendLimitConfig;
  /** Token-paced timing: a call takes ttft + output tokens × perToken, and `stream: true` calls get SSE. */
  stream?: StreamTiming;
  /** Messages calls it serves at most; later ones are refused at once (429, `x-should-retry: false`) and counted as `capped`. */
  maxCalls?: number;
  /** Message Batches: processing time per batch, and when unfinished requests expire. */
  batches?: { processing: { p50: number; p99: number }; expireAfter: number };
  /** `required`: a call without MOCK_API_KEY (`x-api-key`, or `Authorization: Bearer`) is answered 401 `authentication_error`. @default none (any key, or none) */
  auth?: 'none' | 'required';
}

export interface StreamTiming {
  ttft: { p50: number; p99: number };
  perToken: number;
  /** Fraction of streamed answers that end in `event: error` after the 200. */
  errorRate: number;
}

export interface MockDeps {
  clock: Clock;
  seed: number;
  /** Backend faults, as plain data (see backendFaults). */
  faults?: readonly Fault[];
  observer?: BackendObserver;
  /** Wall-clock ms at the clock's origin (or how to read it, if the clock is rebased), for the RFC 3339 reset stamps. @default 2026-01-01 (the engine passes the real origin on the wall clock) */
  epochMs?: Epoch;
  /** The real API behind the door: a call the faults and limits let through is sent there instead of answered here. */
  upstream?: Upstream;
}

/** Where a virtual clock's time 0 falls in wall time, so reset stamps are the same on every run. */
export const VIRTUAL_EPOCH_MS = Date.UTC(2026, 0, 1);

/** The key under which streams that failed after their 200 are counted in `stats.byStatus`. */
export const STREAM_ERROR_KEY = 'sse_error';
/** ...and answers whose connection a fault dropped mid-answer (the caller got no answer at all). */
export const DROPPED_KEY = 'connection_dropped';
/** ...and calls the caller closed before the answer was whole (its timeout, an abort, a killed process): never a completion. */
export const ABORTED_KEY = 'aborted_by_caller';
