import { headerLookup, leastWait, retryAfterMs, shouldRetryHint } from '../model/index.js';
import { replyWith, waitOn, type Clock, type Rng } from '../time/index.js';
import { statusOfErrorType } from './errors-body.js';
import type { MockClaude } from './mock-model.js';
import { sdkRetryDelayMs, sdkShouldRetry } from './sdk-retry.js';
import { ConnectionDropped, type SseEvent } from './sse.js';
import type { BackendClient, BackendOutcome, MockAnswer } from './types.js';

export interface DirectClientOptions {
  model: string;
  /** The SDK's own retries, replayed with its rules (see sdk-retry.ts). @default 0 */
  maxRetries?: number;
  /** Ask for streamed answers, as `messages.stream` would. @default false */
  stream?: boolean;
  /** Needed when maxRetries > 0: the SDK sleeps between retries and jitters its backoff. */
  clock?: Clock;
  rng?: Rng;
  /** Wall-clock ms at the clock's origin, for `retry-after` given as an HTTP date. */
  epochMs?: number;
}

/**
 * The mock model called directly, with no HTTP and no SDK: the virtual-time path. It behaves as
 * the SDK path does: retries only HTTP-level errors and connections dropped before an answer (a
 * stream that fails or drops after its 200 is not retried), and reports the same status and hints;
 * a dropped connection is status 0, as the SDK reports a connection error.
 */
export function directClient(model: MockClaude, o: DirectClientOptions | string): BackendClient {
  const opts = typeof o === 'string' ? { model: o } : o;
  const maxRetries = opts.maxRetries ?? 0;
  const mayRetry = (retries: number) => retries < maxRetries && opts.clock !== undefined && opts.rng !== undefined;
  const nowEpochMs = () => (opts.epochMs ?? 0) + opts.clock!.now();
  return {
    // The model waits through the clock's shared sleep listeners, idle once it answers; the real API behind a front door is fetched.
    releasesSignal: !model.upstream,
    call(req, signal, reply) {
      let retries = 0;
      const again = () => {
        retries++;
        ask();
      };
      const ask = () =>
        model.answerTo(
          { requestIds: [req.id], model: opts.model, maxTokens: req.maxTokens, inputTokens: req.inputTokens, stream: opts.stream },
          signal,
          answered,
        );
      const answered = (err: unknown, a?: MockAnswer): void => {
        if (err !== undefined) {
          if (!isDropped(err)) return reply(err);
          // Dropped before any answer: the SDK retries that as a connection error.
          if (!mayRetry(retries)) return reply(undefined, DROPPED);
          return waitOn(opts.clock!, sdkRetryDelayMs({}, retries, opts.rng!, nowEpochMs()), signal, again, reply);
        }
        if (a!.stream) return replyWith(readStream(a!.stream), reply);
        if (a!.usage) return reply(undefined, { ok: true, inputTokens: a!.usage.input_tokens, outputTokens: a!.usage.output_tokens });
        if (!mayRetry(retries) || !sdkShouldRetry(a!.status, a!.headers)) return reply(undefined, failure(a!));
        waitOn(opts.clock!, sdkRetryDelayMs(a!.headers, retries, opts.rng!, nowEpochMs()), signal, again, reply);
      };
      ask();
    },
  };
}

const isDropped = (err: unknown) => err instanceof ConnectionDropped;

/** A dropped connection is no answer: status 0, as the SDK reports a connection error. */
const DROPPED: BackendOutcome = { ok: false, status: 0, message: 'connection dropped mid-answer' };

function failure(a: MockAnswer): BackendOutcome {
  const get = headerLookup(a.headers);
  return { ok: false, status: a.status, message: `mock answered ${a.status}`, retryAfterMs: leastWait(retryAfterMs(get)), shouldRetry: shouldRetryHint(get) };
}

/** A stream read to its end; dropped mid-answer, it is no answer (not retried: the 200 came). */
async function readStream(events: AsyncIterable<SseEvent>): Promise<BackendOutcome> {
  try {
    return await readEvents(events);
  } catch (err) {
    if (isDropped(err)) return DROPPED;
    throw err;
  }
}

async function readEvents(events: AsyncIterable<SseEvent>): Promise<BackendOutcome> {
  let input = 0;
  let output = 0;
  for await (const e of events) {
    const d = e.data as { message?: { usage: { input_tokens: number } }; usage?: { output_tokens: number }; error?: { type: string } };
    if (e.event === 'message_start') input = d.message!.usage.input_tokens;
    if (e.event === 'message_delta') output = d.usage!.output_tokens;
    if (e.event === 'error') return { ok: false, status: statusOfErrorType(d.error?.type) ?? 500, message: `stream ended with ${d.error?.type} after the 200` };
  }
  return { ok: true, inputTokens: input, outputTokens: output };
}
