import type { BatchStats } from '../model/index.js';
import type { Reply } from '../time/index.js';
import type { CacheTokens } from './pricing.js';
import type { CacheRequest } from './prompt-cache.js';
import type { SseEvent } from './sse.js';
import type { ToolRequest } from './tool-use.js';

/**
 * One Messages API call as the mock sees it. `requestIds` are the gameday ids it carries (see
 * findRequestIds): usually one, several for a batched prompt, none for a call it cannot attribute.
 */
export interface MockCall {
  requestIds: readonly string[];
  model: string;
  maxTokens: number;
  inputTokens: number;
  /** The caller asked for a streamed (SSE) answer. */
  stream?: boolean;
  /**
   * A fingerprint of what the call asked (system and messages), when the call came over HTTP:
   * the same id answered twice for the same content is a duplicate, for different content a step
   * of one job (a chain). Absent: every repeat is a duplicate.
   */
  content?: number;
  /** The HTTP request as it came, for a front door that sends it on to the real API. */
  request?: { body: unknown; header(name: string): string | null | undefined };
  /** The client tools the call offers and its `tool_choice` (absent: none offered). */
  tools?: ToolRequest;
  /** The prefixes it marks with `cache_control` (absent: none). */
  cache?: CacheRequest;
}

/**
 * A Messages answer's `usage`. A call that marks prefixes to cache has the cache fields, and its
 * `input_tokens` are only those after the last cached prefix.
 */
export interface MessageUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
  cache_creation?: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
}

/** An HTTP answer of the Messages API (status, headers, JSON body). */
export interface MockAnswer {
  status: number;
  /** A successful answer's are built on first read (the HTTP adapters read them as it goes out): read them at once. */
  headers: Record<string, string>;
  body: unknown;
  /** A body sent as is instead of `body` as JSON (Message Batch results, JSONL). */
  text?: string;
  /** Token usage of a successful answer. */
  usage?: MessageUsage;
  /** A streamed answer: status 200 and these events, paced on the model's clock. `body` is unused then. */
  stream?: AsyncIterable<SseEvent>;
}

/**
 * Watches the backend boundary. Completion is recorded here, outside the strategy under test,
 * so a strategy that drops work cannot look healthy.
 */
export interface BackendObserver {
  /** A Messages call ended: its ids (plain strings), the status, token usage when it succeeded, and what it asked (MockCall.content). */
  onAnswer(requestIds: readonly string[], status: number, usage: MockAnswer['usage'], at: number, content?: number): void;
  /** A call reached the backend (before any answer): where a job's queue wait ends. */
  onCall?(requestIds: readonly string[], at: number): void;
  /** The caller closed a call before its answer was whole (a stream cut short, a timeout): not a completion, nor a backend error. */
  onAbort?(requestIds: readonly string[], at: number): void;
}

/** What a worker gets back from the backend, whatever the transport. */
export type BackendOutcome =
  { ok: true; inputTokens: number; outputTokens: number } | { ok: false; status: number; message: string; retryAfterMs?: number; shouldRetry?: boolean };

/** The worker's view of Claude: the SDK over HTTP in live mode, the mock model directly in sim. */
/** How a worker calls the backend; it replies the outcome, or the error when no call could be made (an abort, a bug). */
export interface BackendClient {
  call(req: { id: string; inputTokens: number; maxTokens: number }, signal: AbortSignal | undefined, reply: Reply<BackendOutcome>): void;
  /** Whatever it adds to a call's signal is removed, or acts on nothing, once it has replied (see Transport.releasesSignal). */
  readonly releasesSignal?: boolean;
}

export interface BackendStats {
  /** Messages API calls (the only calls that can complete a request). */
  calls: number;
  /** `POST /v1/messages/count_tokens` calls: answered, never a completion. */
  countTokens?: number;
  /** Calls the real API would refuse before any work: unknown routes and models (404), invalid bodies (400), a missing or wrong key (401), a body over the size limit (413). */
  invalid?: number;
  /** Messages calls refused past the request cap (`backend.maxRequests` with `service.url`): not served, not in `calls`. */
  capped?: number;
  /** Calls still in progress at the mock when the run ended (cut by its close). */
  inFlightAtEnd?: number;
  ok: number;
  byStatus: Record<string, number>;
  /** Message Batches: batches created, their requests, and how each request ended once its results went out. */
  batches?: BatchStats;
  inputTokens: number;
  outputTokens: number;
  /** Prompt caching, when an answer used it: input tokens written to the cache and read from it, not in `inputTokens` (priced apart). */
  cacheTokens?: CacheTokens;
  /** With the real API behind the door: where, and the HTTP calls sent there (every route; the model check before the run included). */
  upstream?: { url: string; calls: number };
}

/**
 * A hard cap on HTTP requests to the backend, shared by everything that draws on it (every run
 * of a comparison). Every attempt counts, the SDK's own retries included.
 */
export interface RequestBudget {
  readonly cap: number;
  used: number;
}

/** One HTTP request to the mock, whatever adapter received it. */
export interface MockRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  header(name: string): string | null | undefined;
  /** The parsed JSON body, or `undefined` when the body is not JSON. */
  body: unknown;
}
