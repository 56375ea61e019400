import { z } from 'zod';
import { LIMITS, duration, nonNegative, numberField, positive, whole } from '../units/index.js';

/** Vegas's thresholds by default, in calls queued at the backend (Linux tcp_vegas's alpha 2, beta 4). */
export const VEGAS_ALPHA = 2;
export const VEGAS_BETA = 4;

/** The egress kinds each option applies to: one set for another kind is refused, not ignored. */
const FIELD_KINDS: Record<string, string[]> = {
  window: ['gradient', 'vegas'],
  tolerance: ['gradient'],
  smoothing: ['gradient'],
  queueSize: ['gradient'],
  alpha: ['vegas'],
  beta: ['vegas'],
};

// The service's own options, declared here once: the scenario's `service:` section composes them.

/**
 * Egress pacing: how the service's workers reach the backend.
 * - `fixed`: every worker calls at once (or at most `concurrency` of them);
 * - `token-bucket`: at most `rate` calls per second, `burst` at once after a quiet spell;
 * - `adaptive`: AIMD on concurrency — halve (`decrease`) on a 429/529, +1 per window of
 *   successes, and pause every call until a `retry-after` has passed;
 * - `gradient`: concurrency steered by latency (Netflix Gradient2 / Envoy adaptive concurrency):
 *   limit × clamp(tolerance × noLoad / actual latency, 0.5, 1) + queueSize, smoothed;
 * - `vegas`: TCP Vegas on concurrency: queue = limit × (1 − noLoad / actual latency); +1 per
 *   round trip below `alpha`, −1 above `beta`.
 * `gradient` and `vegas` also cut on a 429/529 and honour `retry-after`, as `adaptive` does.
 * See docs/decisions/0009-adaptive-concurrency-egress.md.
 * @example { kind: gradient, min: 2 }
 */
export const egressSchema = z
  .object({
    /** @default fixed */
    kind: z.enum(['fixed', 'token-bucket', 'adaptive', 'gradient', 'vegas']).default('fixed'),
    /** fixed: calls in flight at once. @default service.workers */
    concurrency: whole('egress.concurrency', LIMITS.workers).optional(),
    /** token-bucket: backend calls per second; required for token-bucket. */
    rate: positive('egress.rate', LIMITS.rate).optional(),
    /** token-bucket: calls allowed at once after a quiet spell (≥ 1: a call takes a whole token, so a smaller bucket never lets one through). @default 1 */
    burst: numberField('egress.burst')
      .min(1, { error: 'Expected `egress.burst` to be >= 1: a call takes one whole token, and a smaller bucket never holds one' })
      .max(LIMITS.rate)
      .optional(),
    /** adaptive, gradient, vegas: the concurrency it starts at. @default service.workers */
    initial: whole('egress.initial', LIMITS.workers).optional(),
    /** adaptive, gradient, vegas: the concurrency it never goes below. @default 1 */
    min: whole('egress.min', LIMITS.workers).optional(),
    /** adaptive, gradient, vegas: the concurrency it never goes above. @default service.workers */
    max: whole('egress.max', LIMITS.workers).optional(),
    /** adaptive, gradient, vegas: the factor the concurrency is multiplied by on a 429/529. @default 0.5 */
    decrease: z.number().gt(0, { error: 'Expected `egress.decrease` to be > 0' }).lt(1, { error: 'Expected `egress.decrease` to be < 1' }).optional(),
    /** gradient, vegas: how long the no-load latency (the lowest smoothed latency) is remembered. @default 10s */
    window: duration.optional(),
    /** gradient: latency up to `tolerance` × no-load counts as no queue (≥ 1). @default 1.5 */
    tolerance: numberField('egress.tolerance').min(1, { error: 'Expected `egress.tolerance` to be >= 1' }).max(100).optional(),
    /** gradient: the weight of each new limit against the current one (0 < smoothing ≤ 1). @default 0.2 */
    smoothing: z.number().gt(0, { error: 'Expected `egress.smoothing` to be > 0' }).max(1, { error: 'Expected `egress.smoothing` to be <= 1' }).optional(),
    /** gradient: headroom added to each new limit, so it can grow while latency holds. @default 2 */
    queueSize: nonNegative('egress.queueSize', LIMITS.workers).optional(),
    /** vegas: the limit grows while fewer calls than this are estimated queued at the backend. @default 2 */
    alpha: nonNegative('egress.alpha', LIMITS.workers).optional(),
    /** vegas: the limit shrinks while more calls than this are estimated queued (≥ alpha). @default 4 */
    beta: nonNegative('egress.beta', LIMITS.workers).optional(),
  })
  .strict()
  .refine((e) => e.kind !== 'token-bucket' || e.rate !== undefined, {
    error: 'egress kind `token-bucket` needs `rate` (backend calls per second)',
    path: ['rate'],
  })
  .refine((e) => (e.alpha ?? VEGAS_ALPHA) <= (e.beta ?? VEGAS_BETA), {
    error: (i) => {
      const e = i.input as { alpha?: number; beta?: number };
      return `Expected \`egress.alpha\` <= \`egress.beta\` (${e.beta ?? `${VEGAS_BETA} by default`}): vegas grows below alpha and shrinks above beta`;
    },
    path: ['alpha'],
  })
  .superRefine((e, ctx) => {
    for (const [field, kinds] of Object.entries(FIELD_KINDS))
      if (e[field as keyof typeof e] !== undefined && !kinds.includes(e.kind))
        ctx.addIssue({ code: 'custom', path: [field], message: `\`egress.${field}\` applies to kind ${kinds.join(' or ')}, not ${e.kind}` });
  })
  // The same rules for an editor checking the file as it is written (alpha <= beta has no JSON Schema form).
  .meta({
    allOf: [
      { if: { properties: { kind: { const: 'token-bucket' } }, required: ['kind'] }, then: { required: ['rate'] } },
      ...Object.entries(FIELD_KINDS).map(([field, kinds]) => ({
        if: { required: [field] },
        then: { properties: { kind: { enum: kinds } }, required: ['kind'] },
      })),
    ],
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
