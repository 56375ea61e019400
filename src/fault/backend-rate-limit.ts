import { z } from 'zod';
import { duration, positive } from '../units/index.js';
import type { FaultModule } from './types.js';
import { scaleWindow, windowOf } from './windowed.js';

/**
 * The provider lowers (or raises) your tier for a while: while it lasts the mock enforces these
 * per-minute limits instead of `backend.rateLimits` (each one set replaces that kind; the others
 * stay), answers 429 `rate_limit_error` past them, and its `anthropic-ratelimit-*-limit` headers
 * say the new numbers. A bucket keeps what it held, capped at the new size; when the window
 * closes the scenario's own limits come back and refill from there.
 * @example { at: 20s, kind: backend-rate-limit, duration: 30s, rpm: 120 }
 */
const optionsSchema = z
  .object({
    at: duration,
    kind: z.literal('backend-rate-limit'),
    duration,
    /** Requests per minute while the fault lasts. */
    rpm: positive('rpm', 1e9).optional(),
    /** Input tokens per minute while the fault lasts. */
    itpm: positive('itpm', 1e12).optional(),
    /** Output tokens per minute while the fault lasts. */
    otpm: positive('otpm', 1e12).optional(),
  })
  .strict()
  .refine((f) => f.rpm !== undefined || f.itpm !== undefined || f.otpm !== undefined, {
    error: 'Expected at least one of `rpm`, `itpm`, `otpm` (the limits the fault imposes)',
    path: ['rpm'],
  });

type BackendRateLimit = z.output<typeof optionsSchema>;

const LIMIT_KINDS = ['rpm', 'itpm', 'otpm'] as const;

export const backendRateLimit = {
  kind: 'backend-rate-limit',
  describe: "A lower tier while it lasts: its `rpm`, `itpm`, `otpm` replace the backend's own limits.",
  example: { kind: 'backend-rate-limit', at: '10s', duration: '4s', rpm: 60 },
  optionsSchema,
  scale: scaleWindow,
  window: windowOf,
  // Only the kinds it sets: a kind it leaves out keeps the scenario's (or an earlier fault's) limit.
  backend: { rateLimits: (f: BackendRateLimit) => Object.fromEntries(LIMIT_KINDS.filter((k) => f[k] !== undefined).map((k) => [k, f[k]])) },
} satisfies FaultModule<BackendRateLimit>;
