import { Pool, errors } from 'undici';
import { makePrompt } from '../model/index.js';
import type { ClientAnswer, JobOffer, Transport } from './transport.js';

/**
 * Posts jobs to the service over a bounded undici Pool. The pool is large on purpose: a held
 * connection (the `block` strategy) must not stall other arrivals behind it, or the generator
 * would quietly turn closed-loop.
 */
export function httpTransport(baseUrl: string, opts: { path?: string; withPrompt?: boolean; connections?: number } = {}): Transport {
  const { path = '/v1/jobs', withPrompt = false, connections = 1024 } = opts;
  const pool = new Pool(baseUrl, { connections, pipelining: 1, keepAliveTimeout: 30_000, headersTimeout: 0, bodyTimeout: 0 });
  return {
    async send(offer: JobOffer, signal: AbortSignal): Promise<ClientAnswer> {
      try {
        const res = await pool.request({
          path,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-gameday-request-id': offer.id },
          body: JSON.stringify({
            id: offer.id,
            priority: offer.priority,
            input_tokens: offer.inputTokens,
            max_tokens: offer.maxTokens,
            // A service of your own forwards the prompt to Claude; the mock finds the id in it.
            ...(withPrompt ? { prompt: makePrompt(offer.id, offer.inputTokens) } : {}),
          }),
          signal,
        });
        await res.body.dump();
        return { kind: 'status', status: res.statusCode, retryAfterS: retryAfterSeconds(res.headers) };
      } catch (err) {
        if (signal.aborted) return { kind: 'timeout' };
        return { kind: 'network', code: errorCode(err) };
      }
    },
    close: () => pool.destroy(),
  };
}

type Headers = Record<string, string | string[] | undefined>;
const one = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h)?.trim();

/**
 * The server's wait hint in seconds, or undefined without one. RFC 9110 allows `Retry-After` as
 * seconds or as an HTTP-date; a date is read against the answer's own `Date` header (no local
 * clock, no skew), and a date already past still means "come back" (the least wait, 1 s).
 * `retry-after-ms`, which the Anthropic SDK honours, wins when present.
 */
export function retryAfterSeconds(headers: Headers): number | undefined {
  const ms = Number(one(headers['retry-after-ms']));
  if (ms > 0) return ms / 1000;
  const value = one(headers['retry-after']);
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) > 0 ? Number(value) : undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  const answeredAt = Date.parse(one(headers.date) ?? '');
  return Number.isNaN(answeredAt) ? 1 : Math.max(1, Math.ceil((at - answeredAt) / 1000));
}

function errorCode(err: unknown): string {
  if (err instanceof errors.SocketError) return 'ECONNRESET';
  const e = err as { code?: string; cause?: { code?: string } };
  return e.code ?? e.cause?.code ?? 'ENETWORK';
}
