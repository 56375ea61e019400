import { z } from 'zod';
import { LIMITS, positive, whole } from '../model/index.js';

// The service's own options, declared here once: the scenario's `service:` section composes them.

/**
 * Egress pacing: how the service's workers reach the backend.
 * - `fixed`: every worker calls at once (or at most `concurrency` of them);
 * - `token-bucket`: at most `rate` calls per second, `burst` at once after a quiet spell;
 * - `adaptive`: AIMD on concurrency — halve (`decrease`) on a 429/529, +1 per window of
 *   successes, and pause every call until a `retry-after` has passed.
 * @example { kind: adaptive, min: 1 }
 */
export const egressSchema = z
  .object({
    /** @default fixed */
    kind: z.enum(['fixed', 'token-bucket', 'adaptive']).default('fixed'),
    /** fixed: calls in flight at once. @default service.workers */
    concurrency: whole('egress.concurrency', LIMITS.workers).optional(),
    /** token-bucket: backend calls per second; required for token-bucket. */
    rate: positive('egress.rate', LIMITS.rate).optional(),
    /** token-bucket: calls allowed at once after a quiet spell. @default 1 */
    burst: positive('egress.burst', LIMITS.rate).optional(),
    /** adaptive: the concurrency it starts at. @default service.workers */
    initial: whole('egress.initial', LIMITS.workers).optional(),
    /** adaptive: the concurrency it never goes below. @default 1 */
    min: whole('egress.min', LIMITS.workers).optional(),
    /** adaptive: the concurrency it never goes above. @default service.workers */
    max: whole('egress.max', LIMITS.workers).optional(),
    /** adaptive: the factor the concurrency is multiplied by on a 429/529. @default 0.5 */
    decrease: z.number().gt(0, { error: 'Expected `egress.decrease` to be > 0' }).lt(1, { error: 'Expected `egress.decrease` to be < 1' }).optional(),
  })
  .strict()
  .refine((e) => e.kind !== 'token-bucket' || e.rate !== undefined, {
    error: 'egress kind `token-bucket` needs `rate` (backend calls per second)',
    path: ['rate'],
  });

export type EgressConfig = z.output<typeof egressSchema>;

/** The fields of `service:` the service runs with (the scenario's schema adds how it is run: url, process, the SDK's retries). */
export const serviceCoreFields = {
  /** Queue slots. @default 20 */
  capacity: whole('capacity', LIMITS.capacity).default(20),
  /** Workers calling the backend. @default 2 */
  workers: whole('workers', LIMITS.workers).default(2),
  /** Service-side retries of a failed backend call before the request is reported failed. @default 1 */
  retries: whole('retries', LIMITS.retries, 0).default(1),
  egress: egressSchema.prefault({}),
};

export const serviceCoreSchema = z.object(serviceCoreFields);

/** What the service core runs with: its options from the scenario, the chosen strategy, and the run's seed. */
export type ServiceConfig = z.output<typeof serviceCoreSchema> & {
  strategy: { type: string; options: Record<string, unknown> };
  seed: number;
};

/** The service's config from a resolved scenario: every core field, by the schema's keys (never copied by hand). */
export function serviceConfig(s: { seed: number; service: z.output<typeof serviceCoreSchema> & { strategy: ServiceConfig['strategy'] } }): ServiceConfig {
  const core = Object.fromEntries(Object.keys(serviceCoreFields).map((k) => [k, s.service[k as keyof typeof serviceCoreFields]]));
  return { ...(core as z.output<typeof serviceCoreSchema>), strategy: s.service.strategy, seed: s.seed };
}
