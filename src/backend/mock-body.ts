import type { IncomingMessage } from 'node:http';
import type { MockClaude } from './mock-model.js';
import type { MockAnswer } from './types.js';

/**
 * The largest request bodies the API takes, as it documents them (decimal megabytes): 32 MB for
 * the standard endpoints (Messages, token counting), 256 MB for the Batch API. Past them its front
 * end answers 413 `request_too_large` before the request reaches the API.
 */
export const API_MAX_BODY = { standard: 32_000_000, batches: 256_000_000 } as const;

/**
 * Connections the mock holds open at once unless told otherwise. Every connection from one
 * machine to the mock's one address and port needs a source port of its own, so no run on this
 * machine can hold more than 65,535 (28,232 in Linux's default ephemeral range), whatever its
 * worker counts (`service.workers` up to 10,000 per process, up to 64 processes): the default
 * never limits a run. It bounds what a flood of connections can take from the process.
 */
export const DEFAULT_MAX_CONNECTIONS = 65_536;

/** The API's own words for a body over the limit. */
const TOO_LARGE_MESSAGE = 'Request exceeds the maximum allowed number of bytes.';

/** What the mock's HTTP server takes at most; past it, it refuses. */
export interface ServerLimits {
  /** The largest request body, in bytes, on every route. @default the API's own: 32 MB, 256 MB to create a Message Batch */
  maxBody?: number;
  /** Connections open at once; one more is closed as soon as it is accepted, unanswered. @default DEFAULT_MAX_CONNECTIONS */
  maxConnections?: number;
}

/** The largest body a request may carry: the configured limit on every route, else the API's own for its route. */
export function bodyLimit(method: string, path: string, configured: number | undefined): number {
  if (configured !== undefined) return configured;
  const createsBatch = method.toUpperCase() === 'POST' && path.replace(/\/+$/, '') === '/v1/messages/batches';
  return createsBatch ? API_MAX_BODY.batches : API_MAX_BODY.standard;
}

/** A request whose declared Content-Length is over `limit`: refused before a byte of its body is read. */
export function declaredTooLarge(req: IncomingMessage, limit: number): boolean {
  const declared = Number(req.headers['content-length']);
  return Number.isFinite(declared) && declared > limit;
}

/** The body as JSON (undefined when empty or not JSON: the route decides what that means), or too large. */
export type BodyRead = { tooLarge: false; body: unknown } | { tooLarge: true };

/**
 * Reads a request body, counting its bytes as they arrive. Past `limit` what was kept is let go
 * and nothing more is kept: the rest is read and dropped chunk by chunk, as Node drops a body
 * nobody reads, so an oversized body costs at most `limit` bytes however large it is, with or
 * without a Content-Length. It is not left unread: closing a connection with bytes still coming
 * makes the kernel reset it, and a caller still sending can lose the 413 to that reset (a Node
 * client did, 1 call in 5, when the mock stopped reading). A caller that sends forever is cut by
 * Node's own `requestTimeout` (5 minutes for a whole request).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let bytes = 0;
    let over = false;
    // The listener stays: a request with no 'data' listener buffers what arrives instead of dropping it, and stops reading once full.
    req.on('data', (c: Buffer) => {
      if (over) return;
      bytes += c.length;
      if (bytes <= limit) return void chunks.push(c);
      over = true;
      chunks = [];
      resolve({ tooLarge: true });
    });
    req.on('end', () => {
      if (over) return;
      const text = Buffer.concat(chunks).toString('utf8');
      chunks = [];
      try {
        resolve({ tooLarge: false, body: text ? JSON.parse(text) : undefined });
      } catch {
        resolve({ tooLarge: false, body: undefined });
      }
    });
    req.on('error', reject);
  });
}

/**
 * The API's 413 `request_too_large`, counted with the calls refused before any work. `close` ends
 * the connection after it: for a caller that was told not to send its body (`Expect:
 * 100-continue`), whose next bytes would otherwise be read as that body.
 */
export function tooLargeAnswer(model: MockClaude, close = false): MockAnswer {
  const answer = model.refuse(413, TOO_LARGE_MESSAGE);
  return close ? { ...answer, headers: { ...answer.headers, connection: 'close' } } : answer;
}
