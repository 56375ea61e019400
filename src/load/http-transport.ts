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
        const retryAfter = Number(res.headers['retry-after']);
        return { kind: 'status', status: res.statusCode, retryAfterS: retryAfter > 0 ? retryAfter : undefined };
      } catch (err) {
        if (signal.aborted) return { kind: 'timeout' };
        return { kind: 'network', code: errorCode(err) };
      }
    },
    close: () => pool.destroy(),
  };
}

function errorCode(err: unknown): string {
  if (err instanceof errors.SocketError) return 'ECONNRESET';
  const e = err as { code?: string; cause?: { code?: string } };
  return e.code ?? e.cause?.code ?? 'ENETWORK';
}
