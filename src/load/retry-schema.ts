import { z } from 'zod';
import { DEFAULT_MAX_ATTEMPTS, LIMITS, duration, fraction, whole } from '../units/index.js';

/** The client's retries (`client.retry`), declared here once: the scenario's schema composes it, RetryPolicy runs it. */
export const retrySchema = z
  .object({
    /** none | naive (immediately, until the timeout: the retry storm) | honor-retry-after (jittered backoff) */
    policy: z.enum(['none', 'naive', 'honor-retry-after']).default('none'),
    /** @default 3 — attempts in all, the first included (naive clients retry immediately until this). */
    maxAttempts: whole('maxAttempts', LIMITS.maxAttempts).default(DEFAULT_MAX_ATTEMPTS),
    /** honor-retry-after: retries at most this fraction of requests (a retry budget; naive clients have none). @default 1 */
    budget: fraction('budget').default(1),
    /** @default 100ms */
    baseDelay: duration.prefault('100ms'),
    /** @default 10s */
    maxDelay: duration.prefault('10s'),
  })
  .strict();

export type RetryConfig = z.output<typeof retrySchema>;
