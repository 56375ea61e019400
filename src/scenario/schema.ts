import { z } from 'zod';
import { commandLine, faultSchema, type Fault } from '../fault/index.js';
import { backendSchema } from './backend-schema.js';
import { hypothesisSchema } from './hypothesis-schema.js';
import { lessonsSchema } from './lesson-schema.js';
import { tokens } from './spread.js';
import { retrySchema } from '../load/retry-schema.js';
import { serviceCoreFields } from '../service/options.js';
import { serviceSchema } from './service-schema.js';
import { LIMITS, duration, fraction, nonNegative, whole } from '../units/index.js';
import { PRIORITIES } from '../model/index.js';

export { duration, faultSchema, retrySchema, serviceCoreFields };
export { backendSchema, rateLimitsSchema } from './backend-schema.js';
export { managedProcesses, serviceCluster, serviceSchema } from './service-schema.js';
export type { EgressConfig } from '../service/options.js';
export type { ManagedProcessConfig, MetricsMap, ServiceMetricsConfig } from '../service/managed-options.js';
export type { DeliveryConfig } from '../service/delivery-options.js';
export { statusPath } from '../service/delivery-options.js';
export type { RetryConfig } from '../load/retry-schema.js';

/**
 * One traffic phase. Exactly one shape:
 * - `{ duration, rate }` constant rate (a spike or a step is a constant phase at a higher rate);
 * - `{ duration, rampTo, rate? }` linear ramp from `rate` (default: the previous phase's rate);
 * - `{ burst }` that many arrivals at one instant.
 * @example { duration: 10s, rate: 100 }
 */
const phase = z
  .object({
    duration: duration.optional(),
    rate: nonNegative('rate', LIMITS.rate).optional(),
    rampTo: nonNegative('rampTo', LIMITS.rate).optional(),
    burst: whole('burst', LIMITS.arrivals).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.burst !== undefined) {
      if (p.rate !== undefined || p.rampTo !== undefined) ctx.addIssue({ code: 'custom', message: 'A `burst` phase takes no `rate` or `rampTo`' });
      return;
    }
    if (p.duration === undefined) ctx.addIssue({ code: 'custom', path: ['duration'], message: 'Missing required field `duration`' });
    if (p.rate === undefined && p.rampTo === undefined)
      ctx.addIssue({ code: 'custom', message: 'A phase needs `rate` (constant), `rampTo` (ramp) or `burst`' });
  });

const priorities = z
  .object(Object.fromEntries(PRIORITIES.map((p) => [p, fraction(p).optional()])) as Record<(typeof PRIORITIES)[number], z.ZodOptional<z.ZodNumber>>)
  .strict()
  .refine((m) => Object.values(m).some((w) => (w ?? 0) > 0), { error: 'Expected at least one priority with a weight > 0' });

export const trafficSchema = z
  .object({
    phases: z
      .array(phase)
      .min(1, { error: 'Expected at least one phase' })
      .max(LIMITS.items, { error: `Expected at most ${LIMITS.items} phases` }),
    /** @default uniform — evenly spaced arrivals; `poisson` draws exponential gaps from the seed. */
    arrival: z.enum(['uniform', 'poisson']).default('uniform'),
    /** @default { normal: 1 } */
    priorities: priorities.default({ normal: 1 }),
    /** @default 30s — how long to wait after the last arrival for accepted work to finish. */
    drain: duration.prefault('30s'),
    /** Prompt size in tokens. @default { p50: 200, p99: 800 } */
    inputTokens: tokens('inputTokens').default({ p50: 200, p99: 800 }),
    /** @default 256 */
    maxTokens: whole('maxTokens', LIMITS.tokens).default(256),
    /**
     * When a live run's lateness makes it invalid (exit 4). A late generator is judged by what its
     * lateness could do to the counts, not by its lag: `late` is how late an arrival may leave and
     * still count as on time; with no gates, a run is valid while its count uncertainty is at most
     * `uncertainty` of scheduled (with gates: while no gate could flip). @default { late: 1ms, uncertainty: 0.01 }
     */
    tolerance: z
      .object({
        late: duration.prefault('1ms'),
        uncertainty: fraction('tolerance.uncertainty').default(0.01),
        // Accepted by earlier versions: say what replaced it instead of "unrecognized key".
        lagP99: z
          .unknown()
          .optional()
          .meta({ not: {}, deprecated: true, description: 'no longer used: remove it (`tolerance.uncertainty` sets how much the counts may move)' }),
      })
      .strict()
      .superRefine((t, ctx) => {
        if (t.lagP99 === undefined) return;
        ctx.addIssue({
          code: 'custom',
          path: ['lagP99'],
          message:
            'no longer used: a run is judged by what its lateness could do to its counts (remove it; `tolerance.uncertainty` sets how much they may move)',
        });
      })
      .prefault({}),
  })
  .strict();

export const clientSchema = z
  .object({
    /** @default 30s */
    timeout: duration.prefault('30s'),
    retry: retrySchema.prefault({}),
  })
  .strict();

export const scenarioSchema = z
  .object({
    name: z.string().min(1).max(200, { error: 'Expected `name` to be at most 200 characters' }),
    description: z.string().optional(),
    /** @default 1 */
    seed: whole('seed', Number.MAX_SAFE_INTEGER, 0).default(1),
    traffic: trafficSchema,
    client: clientSchema.prefault({}),
    service: serviceSchema,
    backend: backendSchema.prefault({}),
    faults: z
      .array(faultSchema)
      .max(LIMITS.items, { error: `Expected at most ${LIMITS.items} faults` })
      .default([]),
    gates: z
      .array(z.string().max(200, { error: 'Expected a gate expression of at most 200 characters' }))
      .max(LIMITS.items, { error: `Expected at most ${LIMITS.items} gates` })
      .default([]),
    /**
     * Conditions that stop the traffic at their first breach, checked about once a second on
     * running values: totals so far, or a trailing window. @default []
     * @example ["lost > 50", "drop_rate[10s] > 5%", "p99_latency[10s] > 5s", "cost_usd > 0.5"]
     */
    abort: z
      .array(z.string().max(200, { error: 'Expected an abort condition of at most 200 characters' }))
      .max(LIMITS.items, { error: `Expected at most ${LIMITS.items} abort conditions` })
      .default([]),
    hypothesis: hypothesisSchema.optional(),
    /**
     * Commands that put things back, run when the run ends whatever happened (after the drain, on an
     * abort, on Ctrl-C), after every `command` fault's undo, in order; each is recorded, and one
     * that fails fails the run. Live mode only.
     * @example [{ run: "kubectl rollout restart deploy/worker", timeout: 60s }]
     */
    rollbacks: z
      .array(z.object({ run: commandLine('run'), /** @default 30s */ timeout: duration.prefault('30s') }).strict())
      .max(LIMITS.items, { error: `Expected at most ${LIMITS.items} rollbacks` })
      .default([]),
    /**
     * What the scenario teaches, machine-readable: the verdict of the scenario as written and of
     * each variant worth trying (`--set` overrides, a strategy), with why. A run ignores it.
     */
    lessons: lessonsSchema.optional(),
  })
  .strict();

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ParsedScenario = z.output<typeof scenarioSchema>;
export type { Fault };
export type BackendConfig = z.output<typeof backendSchema>;
export type ServiceConfig = z.output<typeof serviceSchema>;
export type TrafficConfig = z.output<typeof trafficSchema>;
