import type { SseEvent } from './sse.js';
import type { MessageUsage } from './types.js';

/** Where `backend.kind: claude` sends what gameday's front door lets through, unless `backend.upstream` or ANTHROPIC_BASE_URL says otherwise. */
export const DEFAULT_UPSTREAM = 'https://api.anthropic.com';

/** What a forwarded request keeps of the caller's headers: the API's own, never the caller's key (the door puts its own). */
const FORWARDED_HEADERS = ['anthropic-version', 'anthropic-beta', 'content-type', 'accept'];

/** What an answer does not carry back: fetch has already undone the encoding and framing. */
const HOP_HEADERS = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive']);

export interface UpstreamConfig {
  /** The API's base URL (paths such as `/v1/messages` are appended). */
  url: string;
  /** HTTP calls it may still make: past it the door answers 429 with `x-should-retry: false` and sends nothing. */
  cap: number;
}

/**
 * The real Claude API (or any Anthropic-compatible URL) behind gameday's front door. Every HTTP
 * call it makes counts against the cap, whatever the route, so the cap is what the API could bill.
 * The key is read from the environment by whoever builds it and lives only here: it is never part
 * of a configuration that is copied, logged or written.
 */
export class Upstream {
  /** HTTP calls sent to the API so far. */
  calls = 0;
  /** Calls the door did not send because the cap was reached. */
  capped = 0;

  constructor(
    readonly config: UpstreamConfig,
    private readonly apiKey: string,
  ) {}

  /** True (and counted) when the cap allows no further call. */
  refuses(): boolean {
    if (this.calls < this.config.cap) return false;
    this.capped++;
    return true;
  }

  /** Sends one request; the caller has checked `refuses()` first. A network failure rejects. */
  send(method: string, path: string, header: (name: string) => string | null | undefined, body: unknown, signal?: AbortSignal): Promise<Response> {
    this.calls++;
    const headers: Record<string, string> = { 'x-api-key': this.apiKey };
    for (const name of FORWARDED_HEADERS) {
      const value = header(name);
      if (value) headers[name] = value;
    }
    const hasBody = body !== undefined && method !== 'GET' && method !== 'HEAD';
    if (hasBody) headers['content-type'] ??= 'application/json';
    return fetch(`${this.config.url.replace(/\/+$/, '')}${path}`, { method, headers, body: hasBody ? JSON.stringify(body) : undefined, signal });
  }
}

/** The URL as results and reports show it: credentials in it (`https://user:secret@host`) are never written. */
export function shownUrl(url: string): string {
  if (!url.includes('@')) return url;
  const u = new URL(url);
  u.username = '';
  u.password = '';
  return u.href;
}

/** An answer's headers as they go back to the caller. */
export function answerHeaders(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!HOP_HEADERS.has(name)) out[name] = value;
  });
  return out;
}

/** Token usage of a Messages answer (or of a stream's `message_start` / `message_delta`), the cache's included, if it has any. */
export function usageOf(x: unknown): MessageUsage | undefined {
  const u = (x as { usage?: Record<string, unknown> } | undefined)?.usage;
  if (!u || typeof u.output_tokens !== 'number') return undefined;
  const n = (v: unknown) => (typeof v === 'number' ? v : 0);
  const usage: MessageUsage = { input_tokens: n(u.input_tokens), output_tokens: u.output_tokens };
  const created = u.cache_creation as Record<string, unknown> | undefined;
  const written = n(u.cache_creation_input_tokens);
  const read = n(u.cache_read_input_tokens);
  if (!created && written === 0 && read === 0) return usage;
  // An answer without the 5-minute / 1-hour split wrote at the default 5-minute lifetime.
  const split = created
    ? { ephemeral_5m_input_tokens: n(created.ephemeral_5m_input_tokens), ephemeral_1h_input_tokens: n(created.ephemeral_1h_input_tokens) }
    : { ephemeral_5m_input_tokens: written, ephemeral_1h_input_tokens: 0 };
  return { ...usage, cache_creation_input_tokens: written, cache_read_input_tokens: read, cache_creation: split };
}

/**
 * The server-sent events of a streamed answer as they arrive: each event is handed on as soon as
 * its blank line is read, never after the whole stream (the caller's time to first token is the API's).
 */
export async function* sseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const event = parseBlock(block);
      if (event) yield event;
    }
  }
  const last = parseBlock(buffered);
  if (last) yield last;
}

function parseBlock(block: string): SseEvent | undefined {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (data.length === 0) return undefined;
  const text = data.join('\n');
  try {
    return { event, data: JSON.parse(text) as unknown };
  } catch {
    return { event, data: text };
  }
}
