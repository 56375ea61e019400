import { headerLookup, retryAfterMs, shouldRetryHint } from '../model/index.js';
import { type Rng } from '../time/index.js';

/**
 * The retry rules of @anthropic-ai/sdk (1.x, `client.js` shouldRetry / retryRequest /
 * calculateDefaultRetryTimeoutMillis), restated so the virtual-time path, which calls the mock
 * without the SDK, spends the same retries at the same moments as the live path does.
 */

/** `x-should-retry` decides when present; otherwise 408, 409, 429 and every 5xx are retried. */
export function sdkShouldRetry(status: number, headers: Record<string, string>): boolean {
  return shouldRetryHint(headerLookup(headers)) ?? (status === 408 || status === 409 || status === 429 || status >= 500);
}

/**
 * `retry-after-ms`, else `retry-after` (seconds, or an HTTP date), if positive and below 2^31 ms;
 * otherwise 0.5 s × 2^retriesSoFar capped at 8 s, less up to 25% jitter. `nowEpochMs` dates an HTTP-date hint.
 */
export function sdkRetryDelayMs(headers: Record<string, string>, retriesSoFar: number, rng: Rng, nowEpochMs: number): number {
  const ms = retryAfterMs(headerLookup(headers), nowEpochMs);
  if (ms !== undefined && ms > 0 && ms <= 2 ** 31 - 1) return ms;
  const seconds = Math.min(0.5 * 2 ** retriesSoFar, 8);
  return seconds * (1 - rng.next() * 0.25) * 1000;
}
