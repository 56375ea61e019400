import { z } from 'zod';
import { faultSchema, type Fault } from '../fault/index.js';
import { backendSchema } from './backend-schema.js';
import { hypothesisSchema } from './hypothesis-schema.js';
import { tokens } from './spread.js';
import { retrySchema } from '../load/retry-schema.js';
import { serviceCoreFields } from '../service/options.js';
import { managedProcessListSchema, managedServiceFields } from '../service/managed-options.js';
import { serviceProcessesSchema } from '../service/processes.js';
import { LIMITS, PRIORITIES, duration, fraction, nonNegative, whole } from '../model/index.js';

export { duration, faultSchema, retrySchema, serviceCoreFields };
export { backendSchema, rateLimitsSchema } from './backend-schema.js';
export type { EgressConfig } from '../service/options.js';
export type { ManagedProcessConfig, MetricsMap, ServiceMetricsConfig } from '../service/managed-options.js';
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
     * How closely the live generator must keep its schedule for the run to count (a run outside
     * it is invalid, exit 4): the p99 of send lag (intended time to bytes on the socket) and the
     * most any one arrival may be late. @default { lagP99: 10ms, late: 50ms }
     */
    tolerance: z
      .object({ lagP99: duration.prefault('10ms'), late: duration.prefault('50ms') })
      .strict()
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

export const serviceSchema = z
  .object({
    /** A strategy name (`reject-429`) or `{ type, ...options }`. --strategy overrides. Not with `url`. */
    strategy: z.union([z.string(), z.object({ type: z.string() }).passthrough()]).optional(),
    /**
     * Your own service instead of gameday's: jobs are POSTed to this URL (loopback only) and it must
     * call Claude at gameday's mock (`backend.port`). Completions are counted at the mock.
     * @example http://127.0.0.1:3000/jobs
     */
    url: z
      .url({ error: 'Expected `url` to be an http URL like http://127.0.0.1:3000/jobs' })
      .refine((u) => /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//.test(u), {
        error: 'Expected `url` on loopback (127.0.0.1, localhost or [::1]): load goes to this machine only',
      })
      .optional(),
    /**
     * With `url`: the run ends before its drain deadline only once every accepted request has
     * finished *and* the mock has had no call in progress for this long, so a service still
     * working (a second call per job, a backlog) is never cut off. @default 2s
     */
    quietPeriod: duration.default(2_000),
    ...managedServiceFields,
    ...serviceCoreFields,
    /** The Claude SDK's own retries (maxRetries); every attempt is counted at the backend. @default 0 */
    sdkMaxRetries: whole('sdkMaxRetries', LIMITS.retries, 0).default(0),
    /**
     * How the service runs in live mode. auto (the default): its own child process, so the load
     * generator, the service and the mock never share an event loop (in this process only with
     * the real Claude backend). in-process shares the runner's event loop: for tests, never for a
     * measurement at high rates.
     */
    process: z.enum(['auto', 'in-process', 'child']).default('auto'),
    /**
     * The processes the run owns. With `url`, a list: your service's processes, started, watched
     * and stopped by the run (crash-service with `target: <name>` kills one). With `strategy`,
     * counts: gameday's service as N API and M worker processes on a shared Redis queue (live
     * mode). @default unset: none (url) or one process (strategy)
     */
    processes: z.union([managedProcessListSchema, serviceProcessesSchema]).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.url !== undefined && s.strategy !== undefined)
      ctx.addIssue({ code: 'custom', path: ['url'], message: "`url` (your own service) and `strategy` (gameday's service) exclude each other" });
    if (s.url === undefined && s.strategy === undefined)
      ctx.addIssue({ code: 'custom', path: ['strategy'], message: 'Missing required field `strategy` (or `url` to drive your own service)' });
    if (s.url === undefined && s.metrics !== undefined)
      ctx.addIssue({ code: 'custom', path: ['metrics'], message: '`metrics` belongs to your own service: it needs `url`' });
    if (s.url === undefined && Array.isArray(s.processes))
      ctx.addIssue({
        code: 'custom',
        path: ['processes'],
        message: "a list of processes is your own service's: it needs `url` (gameday's own service takes counts: { api: 2, workers: 4 })",
      });
    if (s.url !== undefined && s.processes !== undefined && !Array.isArray(s.processes))
      ctx.addIssue({
        code: 'custom',
        path: ['processes'],
        message: "with `url`, `processes` lists your own processes: [{ name, command, ready }]; counts ({ api, workers }) are for gameday's own service",
      });
  });

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
  })
  .strict();

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ParsedScenario = z.output<typeof scenarioSchema>;
export type { Fault };
export type BackendConfig = z.output<typeof backendSchema>;
export type ServiceConfig = z.output<typeof serviceSchema>;
export type TrafficConfig = z.output<typeof trafficSchema>;

type ServiceSection = Pick<z.output<typeof serviceSchema>, 'processes'>;

/** Your own service's processes (`service.processes` in list form), or undefined. */
export const managedProcesses = (service: ServiceSection) => (Array.isArray(service.processes) ? service.processes : undefined);

/** gameday's service as many processes (`service.processes` in counts form), or undefined. */
export const serviceCluster = (service: ServiceSection) =>
  service.processes !== undefined && !Array.isArray(service.processes) ? service.processes : undefined;
