import type { Clock } from '../time/index.js';
import type { CacheUsage } from './prompt-cache.js';
import { ToolBlocks, type StopReason, type ToolUseAnswer } from './tool-use.js';

/** One server-sent event of the Messages API stream. */
export interface SseEvent {
  event: string;
  data: unknown;
}

/** The wire form: `event: <name>\ndata: <json>\n\n`. */
export function formatSse(e: SseEvent): string {
  return `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;
}

/** What one streamed answer will be, decided when the call is admitted. */
export interface StreamPlan {
  id: string;
  model: string;
  requestLabel: string;
  inputTokens: number;
  outputTokens: number;
  stopReason: StopReason;
  /** The answer calls this tool (its `tool_use` block after or instead of the text). */
  tool?: ToolUseAnswer;
  /** The call marked prefixes to cache: the cache usage `message_start` reports. */
  cache?: CacheUsage;
  /** Time to the first text token (ms). */
  ttftMs: number;
  /** Time per further output token (ms). */
  perTokenMs: number;
  /** End with an `event: error` once this many tokens are out (undefined: never). */
  failAfterTokens?: number;
}

export type StreamEnd = 'ok' | 'error' | 'aborted' | 'dropped';

/** The connection went away mid-answer (a fault dropped it): adapters close the socket, or report no answer. */
export class ConnectionDropped extends Error {
  constructor() {
    super('the backend dropped the connection mid-answer');
    this.name = 'ConnectionDropped';
  }
}

export interface StreamHooks {
  /** Checked before each chunk: an error that cuts the stream (an outage that began mid-answer). */
  interruption?(): { type: string; message: string } | undefined;
  /** Checked before each chunk: the connection drops here (the stream throws ConnectionDropped). */
  dropped?(): boolean;
  /** Called exactly once, when the stream ends, with how many output tokens went out. */
  onEnd(end: StreamEnd, tokensSent: number): void;
}

/** Tokens per `content_block_delta`: the API sends a few at a time; fewer events keep virtual time cheap. */
export const CHUNK_TOKENS = 8;

const OVERLOADED = { type: 'overloaded_error', message: 'Overloaded' };

/**
 * The event sequence of a streamed Messages answer, paced on the clock: `message_start`,
 * `content_block_start` and a `ping` at once, the first delta after the time to first token,
 * then a delta per chunk at the per-token pace, and `content_block_stop`, `message_delta` (with
 * the output usage) and `message_stop`. An answer that calls a tool streams its `tool_use` block
 * with `input_json_delta` pieces (see ToolBlocks). A planned or injected failure ends it with
 * `event: error` after the 200, which the SDK raises as an APIError while iterating.
 */
export async function* messageStream(p: StreamPlan, clock: Clock, hooks: StreamHooks, signal?: AbortSignal): AsyncGenerator<SseEvent> {
  let sent = 0;
  let ended = false;
  const end = (how: StreamEnd) => {
    if (!ended) hooks.onEnd(how, sent);
    ended = true;
  };
  const tool = p.tool && new ToolBlocks(p.id, p.tool, Math.ceil(p.outputTokens / CHUNK_TOKENS));
  try {
    yield { event: 'message_start', data: { type: 'message_start', message: startMessage(p) } };
    if (tool) yield tool.start();
    else yield { event: 'content_block_start', data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } };
    yield { event: 'ping', data: { type: 'ping' } };
    await clock.sleep(p.ttftMs, signal);
    while (sent < p.outputTokens) {
      if (hooks.dropped?.()) {
        end('dropped');
        throw new ConnectionDropped();
      }
      const failure = p.failAfterTokens !== undefined && sent >= p.failAfterTokens ? OVERLOADED : hooks.interruption?.();
      if (failure) {
        end('error');
        yield { event: 'error', data: { type: 'error', error: failure } };
        return;
      }
      const n = Math.min(CHUNK_TOKENS, p.outputTokens - sent);
      if (sent > 0) await clock.sleep(n * p.perTokenMs, signal);
      const text = sent === 0 ? `Mock answer for ${p.requestLabel}.` : ' lorem'.repeat(n);
      sent += n;
      if (tool) yield* tool.delta(text);
      else yield { event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } } };
    }
    if (tool) yield* tool.finish();
    else yield { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } };
    yield {
      event: 'message_delta',
      data: { type: 'message_delta', delta: { stop_reason: p.stopReason, stop_sequence: null }, usage: { output_tokens: sent } },
    };
    yield { event: 'message_stop', data: { type: 'message_stop' } };
    // Asked for more after the last event went out: the answer was whole and the caller still there.
    end('ok');
  } finally {
    end('aborted');
  }
}

function startMessage(p: StreamPlan) {
  return {
    id: p.id,
    type: 'message',
    role: 'assistant',
    model: p.model,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: p.inputTokens, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, ...p.cache },
  };
}

/** An async iterable of events as a byte stream, for fetch-style responses (msw). */
export function sseReadable(events: AsyncIterable<SseEvent>): ReadableStream<Uint8Array> {
  const it = events[Symbol.asyncIterator]();
  const enc = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(ctrl) {
      try {
        const next = await it.next();
        if (next.done) ctrl.close();
        else ctrl.enqueue(enc.encode(formatSse(next.value)));
      } catch (err) {
        ctrl.error(err);
      }
    },
    async cancel() {
      await it.return?.(undefined);
    },
  });
}
