import { z } from 'zod';
import { faultSchema, type Fault } from '../fault/index.js';
import { backendAddressFields } from './backend-host.js';
import { hypothesisSchema } from './hypothesis-schema.js';
import { retrySchema } from '../load/retry-schema.js';
import { serviceCoreFields } from '../service/options.js';
import { serviceSchema } from './service-schema.js';
import { LIMITS, PRIORITIES, duration, fraction, nonNegative, positive, showValue, whole } from '../model/index.js';

export { duration, faultSchema, retrySchema, serviceCoreFields };
export { managedProcesses, serviceCluster, serviceSchema } from './service-schema.js';
export type { EgressConfig } from '../service/options.js';
export type { ManagedProcessConfig, MetricsMap, ServiceMetricsConfig } from '../service/managed-options.js';
export type { RetryConfig } from '../load/retry-schema.js';

const got = (i: { input?: unknown }) => `, got ${showValue(i.input)}`;

/** A log-normal spread: `p50 > 0`, `p99 >= p50`. */
type Spread = { p50: number; p99: number };
const spread = <T extends z.ZodType<number>>(p50: T, p99: T, what: string) =>
  z
    .object({ p50, p99 })
    .strict()
    .refine((l) => (l as Spread).p50 > 0, { error: `Expected \`${what}.p50\` to be > 0`, path: ['p50'] })
    .refine((l) => (l as Spread).p99 >= (l as Spread).p50, { error: `Expected \`${what}.p99\` >= \`${what}.p50\``, path: ['p99'] });

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

const latency = (what: string) => spread(duration, duration, what);
const tokens = (what: string) => spread(positive(`${what}.p50`, LIMITS.tokens), positive(`${what}.p99`, LIMITS.tokens), what);

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

/**
 * The mock's rate limits. Each is a continuously refilled bucket holding `limit × burst / 60 s`,
 * so a short burst can trip a per-minute limit, as the API documents.
 */
export const rateLimitsSchema = z
  .object({
    /** Requests per minute. */
    rpm: positive('rateLimits.rpm', 1e9).optional(),
    /** Input tokens per minute (ITPM), charged when a call starts. */
    itpm: positive('rateLimits.itpm', 1e12).optional(),
    /** Output tokens per minute (OTPM): max_tokens reserved when a call starts, corrected at its end. */
    otpm: positive('rateLimits.otpm', 1e12).optional(),
    /** How much of a minute's allowance can be spent at once ("60 RPM may be enforced as 1 request per second"). @default 1s */
    burst: duration.prefault('1s'),
  })
  .strict()
  .refine((r) => r.rpm !== undefined || r.itpm !== undefined || r.otpm !== undefined, { error: 'Expected at least one of `rpm`, `itpm`, `otpm`' });

export const backendSchema = z
  .object({
    kind: z.enum(['mock', 'claude']).default('mock'),
    /** @default { p50: 100ms, p99: 400ms } */
    latency: latency('latency').prefault({ p50: '100ms', p99: '400ms' }),
    /** Output tokens per answer (capped by the request's max_tokens). @default { p50: 150, p99: 250 } */
    outputTokens: tokens('outputTokens').default({ p50: 150, p99: 250 }),
    /** Fraction of calls answered 500 at random. @default 0 */
    errorRate: fraction('errorRate').default(0),
    /**
     * The mock is an HTTP server (on `backend.host`) on a thread of its own. (An in-process msw transport
     * once existed: it ran the mock on the service's event loop, so it is refused.)
     */
    transport: z
      .literal('http', {
        error: "Expected `transport` to be http: the msw transport ran the mock on the service's own event loop and was removed; delete the field",
      })
      .default('http'),
    ...backendAddressFields,
    model: z.string().default('claude-haiku-5-5'),
    /**
     * A hard cap on HTTP calls to the backend, the SDK's own retries included; required for kind:
     * claude. With `service.url` the mock enforces it: past the cap it serves nothing and answers
     * 429 with `x-should-retry: false` (counted as `backend_calls.capped`).
     */
    maxRequests: whole('maxRequests', LIMITS.attempts).optional(),
    /**
     * mock: per-minute limits as the Claude API enforces them, answered 429 `rate_limit_error` with
     * `retry-after` and `anthropic-ratelimit-*` headers. Unset: no limits.
     * @example { rpm: 600, itpm: 200000 }
     */
    rateLimits: rateLimitsSchema.optional(),
    /**
     * mock: `required` answers a call without the key `gameday-mock` (as `x-api-key`, or
     * `Authorization: Bearer` as the SDK sends it) 401 `authentication_error`, as the API answers a
     * missing or wrong key. gameday's own service sends that key; give it to your service as
     * ANTHROPIC_API_KEY. @default none (any key, or none, is accepted)
     */
    auth: z.enum(['none', 'required'], { error: (i) => `Expected \`backend.auth\` to be none or required${got(i)}` }).default('none'),
    /** mock: calls in progress at once; more are answered 529 `overloaded_error`. @default unlimited */
    capacity: whole('backend.capacity', LIMITS.capacity).optional(),
    /**
     * mock: latency rises with calls in progress before the backend refuses them, as a real one
     * does: past `knee` calls in progress latency is multiplied by up to `factor` at `capacity`
     * (linearly), and a call past `capacity` is answered 529. Needs `capacity`. @default unset (flat latency up to capacity)
     * @example { knee: 8, factor: 4 }
     */
    congestion: z
      .object({
        /** Calls in progress up to which latency is unaffected (< capacity). */
        knee: whole('congestion.knee', LIMITS.capacity, 0),
        /** What latency is multiplied by at capacity. */
        factor: positive('congestion.factor', LIMITS.latencyFactor),
      })
      .strict()
      .optional(),
    /**
     * mock: a workspace spend limit in estimated USD; past it every call is refused with no
     * `retry-after` and `x-should-retry: false` (nothing should retry it). @default none
     * @example { usd: 0.5 }
     */
    spendLimit: z
      .object({
        usd: positive('spendLimit.usd', 1e6),
        /** 429 `rate_limit_error`, or 400 `invalid_request_error` as the real API has answered it. @default 429 */
        status: z.union([z.literal(429), z.literal(400)], { error: (i) => `Expected \`spendLimit.status\` to be 429 or 400${got(i)}` }).default(429),
      })
      .strict()
      .optional(),
    /**
     * mock: token-paced answers. Set, every call takes `ttft + output tokens × perToken` (instead of
     * `latency`) and the service asks for streamed SSE answers (`messages.stream`). @default unset
     * @example { ttft: { p50: 300ms, p99: 1s }, perToken: 5ms, errorRate: 0.01 }
     */
    stream: z
      .object({
        /** Time to first token. @default { p50: 300ms, p99: 1s } */
        ttft: latency('ttft').prefault({ p50: '300ms', p99: '1s' }),
        /** Time per further output token. @default 5ms */
        perToken: duration.prefault('5ms'),
        /** Fraction of streams that end with `event: error` (overloaded_error) after the 200. @default 0 */
        errorRate: fraction('stream.errorRate').default(0),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (!b.congestion) return;
    if (b.capacity === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['congestion'],
        message: '`congestion` needs `capacity` (the calls in progress where latency peaks and 529s begin)',
      });
    else if (b.congestion.knee >= b.capacity)
      ctx.addIssue({
        code: 'custom',
        path: ['congestion', 'knee'],
        message: `Expected \`congestion.knee\` < \`capacity\` (${b.capacity}), got ${b.congestion.knee}`,
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
