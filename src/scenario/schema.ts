import { z } from 'zod';
import { PRIORITIES } from '../model/index.js';
import { parseDuration } from './duration.js';

/** A duration field: "100ms", "5s", "2m", "1h", or a number of seconds. Parsed to milliseconds. */
export const duration = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const ms = parseDuration(v);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `Expected a duration like "100ms", "5s" or "2m", got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return ms;
});

const positive = (what: string) => z.number({ error: `Expected \`${what}\` to be a number` }).positive({ error: (i) => `Expected \`${what}\` to be > 0, got ${JSON.stringify(i.input)}` });
const nonNegative = (what: string) => z.number({ error: `Expected \`${what}\` to be a number` }).min(0, { error: (i) => `Expected \`${what}\` to be >= 0, got ${JSON.stringify(i.input)}` });
const fraction = (what: string) => nonNegative(what).max(1, { error: (i) => `Expected \`${what}\` to be <= 1, got ${JSON.stringify(i.input)}` });

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
    rate: nonNegative('rate').optional(),
    rampTo: nonNegative('rampTo').optional(),
    burst: z.number().int().positive({ error: (i) => `Expected \`burst\` to be a positive integer, got ${JSON.stringify(i.input)}` }).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.burst !== undefined) {
      if (p.rate !== undefined || p.rampTo !== undefined) ctx.addIssue({ code: 'custom', message: 'A `burst` phase takes no `rate` or `rampTo`' });
      return;
    }
    if (p.duration === undefined) ctx.addIssue({ code: 'custom', path: ['duration'], message: 'Missing required field `duration`' });
    if (p.rate === undefined && p.rampTo === undefined) ctx.addIssue({ code: 'custom', message: 'A phase needs `rate` (constant), `rampTo` (ramp) or `burst`' });
  });

const priorities = z
  .object(Object.fromEntries(PRIORITIES.map((p) => [p, fraction(p).optional()])) as Record<(typeof PRIORITIES)[number], z.ZodOptional<z.ZodNumber>>)
  .strict()
  .refine((m) => Object.values(m).some((w) => (w ?? 0) > 0), { error: 'Expected at least one priority with a weight > 0' });

const latency = z.object({ p50: duration, p99: duration }).strict().refine((l) => l.p99 >= l.p50, { error: 'Expected `p99` >= `p50`' });

export const trafficSchema = z
  .object({
    phases: z.array(phase).min(1, { error: 'Expected at least one phase' }),
    /** @default uniform — evenly spaced arrivals; `poisson` draws exponential gaps from the seed. */
    arrival: z.enum(['uniform', 'poisson']).default('uniform'),
    /** @default { normal: 1 } */
    priorities: priorities.default({ normal: 1 }),
    /** @default 30s — how long to wait after the last arrival for accepted work to finish. */
    drain: duration.default(30_000),
    /** Prompt size in tokens. @default { p50: 200, p99: 800 } */
    inputTokens: z.object({ p50: positive('inputTokens.p50'), p99: positive('inputTokens.p99') }).strict().default({ p50: 200, p99: 800 }),
    /** @default 256 */
    maxTokens: z.number().int().positive().default(256),
  })
  .strict();

export const retrySchema = z
  .object({
    /** none | naive (immediately, until the timeout: the retry storm) | honor-retry-after (jittered backoff) */
    policy: z.enum(['none', 'naive', 'honor-retry-after']).default('none'),
    /** @default 3 — attempts in all, the first included (naive clients retry immediately until this). */
    maxAttempts: z.number().int().positive().default(3),
    /** honor-retry-after: retries at most this fraction of requests (a retry budget; naive clients have none). @default 1 */
    budget: fraction('budget').default(1),
    /** @default 100ms */
    baseDelay: duration.default(100),
    /** @default 10s */
    maxDelay: duration.default(10_000),
  })
  .strict();

export const clientSchema = z
  .object({
    /** @default 30s */
    timeout: duration.default(30_000),
    retry: retrySchema.default({ policy: 'none', maxAttempts: 3, budget: 1, baseDelay: 100, maxDelay: 10_000 }),
  })
  .strict();

const whole = (what: string) => z.number({ error: `Expected \`${what}\` to be a number` }).int({ error: `Expected \`${what}\` to be a whole number` }).positive({ error: (i) => `Expected \`${what}\` to be > 0, got ${JSON.stringify(i.input)}` });

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
    concurrency: whole('egress.concurrency').optional(),
    /** token-bucket: backend calls per second; required for token-bucket. */
    rate: positive('egress.rate').optional(),
    /** token-bucket: calls allowed at once after a quiet spell. @default 1 */
    burst: positive('egress.burst').optional(),
    /** adaptive: the concurrency it starts at. @default service.workers */
    initial: whole('egress.initial').optional(),
    /** adaptive: the concurrency it never goes below. @default 1 */
    min: whole('egress.min').optional(),
    /** adaptive: the concurrency it never goes above. @default service.workers */
    max: whole('egress.max').optional(),
    /** adaptive: the factor the concurrency is multiplied by on a 429/529. @default 0.5 */
    decrease: z.number().gt(0, { error: 'Expected `egress.decrease` to be > 0' }).lt(1, { error: 'Expected `egress.decrease` to be < 1' }).optional(),
  })
  .strict()
  .refine((e) => e.kind !== 'token-bucket' || e.rate !== undefined, { error: 'egress kind `token-bucket` needs `rate` (backend calls per second)', path: ['rate'] });

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
      .refine((u) => /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//.test(u), { error: 'Expected `url` on loopback (127.0.0.1, localhost or [::1]): load goes to this machine only' })
      .optional(),
    /**
     * With `url`: the run ends before its drain deadline only once every accepted request has
     * finished *and* the mock has had no call in progress for this long, so a service still
     * working (a second call per job, a backlog) is never cut off. @default 2s
     */
    quietPeriod: duration.default(2_000),
    /** Queue slots. @default 20 */
    capacity: z.number().int().positive().default(20),
    /** Workers calling the backend. @default 2 */
    workers: z.number().int().positive().default(2),
    /** Service-side retries of a failed backend call before the request is reported failed. @default 1 */
    retries: z.number().int().min(0).default(1),
    /** The Claude SDK's own retries (maxRetries); every attempt is counted at the backend. @default 0 */
    sdkMaxRetries: z.number().int().min(0).default(0),
    /** How the service runs in live mode: in this process, or its own child process (needed for crash-service). @default auto */
    process: z.enum(['auto', 'in-process', 'child']).default('auto'),
    egress: egressSchema.default({ kind: 'fixed' }),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.url !== undefined && s.strategy !== undefined) ctx.addIssue({ code: 'custom', path: ['url'], message: '`url` (your own service) and `strategy` (gameday\'s service) exclude each other' });
    if (s.url === undefined && s.strategy === undefined) ctx.addIssue({ code: 'custom', path: ['strategy'], message: 'Missing required field `strategy` (or `url` to drive your own service)' });
  });

/**
 * The mock's rate limits. Each is a continuously refilled bucket holding `limit × burst / 60 s`,
 * so a short burst can trip a per-minute limit, as the API documents.
 */
export const rateLimitsSchema = z
  .object({
    /** Requests per minute. */
    rpm: positive('rateLimits.rpm').optional(),
    /** Input tokens per minute (ITPM), charged when a call starts. */
    itpm: positive('rateLimits.itpm').optional(),
    /** Output tokens per minute (OTPM): max_tokens reserved when a call starts, corrected at its end. */
    otpm: positive('rateLimits.otpm').optional(),
    /** How much of a minute's allowance can be spent at once ("60 RPM may be enforced as 1 request per second"). @default 1s */
    burst: duration.default(1000),
  })
  .strict()
  .refine((r) => r.rpm !== undefined || r.itpm !== undefined || r.otpm !== undefined, { error: 'Expected at least one of `rpm`, `itpm`, `otpm`' });

export const backendSchema = z
  .object({
    kind: z.enum(['mock', 'claude']).default('mock'),
    /** @default { p50: 100ms, p99: 400ms } */
    latency: latency.default({ p50: 100, p99: 400 }),
    /** Output tokens per answer (capped by the request's max_tokens). @default { p50: 150, p99: 250 } */
    outputTokens: z.object({ p50: positive('outputTokens.p50'), p99: positive('outputTokens.p99') }).strict().default({ p50: 150, p99: 250 }),
    /** Fraction of calls answered 500 at random. @default 0 */
    errorRate: fraction('errorRate').default(0),
    /** In-process SDK interception (msw) or a loopback HTTP server (the default). */
    transport: z.enum(['http', 'msw']).default('http'),
    /** The mock's port on 127.0.0.1. 0 picks a free one; with `service.url` your service must know it. @default 0 (8787 with service.url) */
    port: z.number().int().min(0).max(65535).optional(),
    model: z.string().default('claude-haiku-5-5'),
    /**
     * A hard cap on HTTP calls to the backend, the SDK's own retries included; required for kind:
     * claude. With `service.url` the mock enforces it: past the cap it serves nothing and answers
     * 429 with `x-should-retry: false` (counted as `backend_calls.capped`).
     */
    maxRequests: z.number().int().positive().optional(),
    /**
     * mock: per-minute limits as the Claude API enforces them, answered 429 `rate_limit_error` with
     * `retry-after` and `anthropic-ratelimit-*` headers. Unset: no limits.
     * @example { rpm: 600, itpm: 200000 }
     */
    rateLimits: rateLimitsSchema.optional(),
    /** mock: calls in progress at once; more are answered 529 `overloaded_error`. @default unlimited */
    capacity: whole('backend.capacity').optional(),
    /**
     * mock: a workspace spend limit in estimated USD; past it every call is refused with no
     * `retry-after` and `x-should-retry: false` (nothing should retry it). @default none
     * @example { usd: 0.5 }
     */
    spendLimit: z
      .object({
        usd: positive('spendLimit.usd'),
        /** 429 `rate_limit_error`, or 400 `invalid_request_error` as the real API has answered it. @default 429 */
        status: z.union([z.literal(429), z.literal(400)], { error: (i) => `Expected \`spendLimit.status\` to be 429 or 400, got ${JSON.stringify(i.input)}` }).default(429),
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
        ttft: latency.default({ p50: 300, p99: 1000 }),
        /** Time per further output token. @default 5ms */
        perToken: duration.default(5),
        /** Fraction of streams that end with `event: error` (overloaded_error) after the 200. @default 0 */
        errorRate: fraction('stream.errorRate').default(0),
      })
      .strict()
      .optional(),
  })
  .strict();

const faultBase = { at: duration };
export const faultSchema = z.discriminatedUnion('kind', [
  z.object({ ...faultBase, kind: z.literal('backend-outage'), duration, status: z.union([z.literal(529), z.literal(503), z.literal(500)]).default(529) }).strict(),
  z.object({ ...faultBase, kind: z.literal('backend-latency'), duration, factor: positive('factor') }).strict(),
  z.object({ ...faultBase, kind: z.literal('backend-errors'), duration, rate: fraction('rate'), status: z.number().int().min(400).max(599).default(500) }).strict(),
  z.object({ ...faultBase, kind: z.literal('crash-service'), restartAfter: duration.default(2000) }).strict(),
  z.object({ ...faultBase, kind: z.literal('crash-worker'), count: z.number().int().positive().default(1) }).strict(),
]);

export const scenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    /** @default 1 */
    seed: z.number().int().min(0).default(1),
    traffic: trafficSchema,
    client: clientSchema.default({ timeout: 30_000, retry: { policy: 'none', maxAttempts: 3, budget: 1, baseDelay: 100, maxDelay: 10_000 } }),
    service: serviceSchema,
    backend: backendSchema.default({ kind: 'mock', latency: { p50: 100, p99: 400 }, outputTokens: { p50: 150, p99: 250 }, errorRate: 0, transport: 'http', model: 'claude-haiku-5-5' }),
    faults: z.array(faultSchema).default([]),
    gates: z.array(z.string()).default([]),
  })
  .strict();

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ParsedScenario = z.output<typeof scenarioSchema>;
export type Fault = z.output<typeof faultSchema>;
export type RetryConfig = z.output<typeof retrySchema>;
export type BackendConfig = z.output<typeof backendSchema>;
export type ServiceConfig = z.output<typeof serviceSchema>;
export type TrafficConfig = z.output<typeof trafficSchema>;
export type EgressConfig = z.output<typeof egressSchema>;
