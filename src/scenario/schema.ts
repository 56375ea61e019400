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
    /** @default 3 — attempts in all, the first included. */
    maxAttempts: z.number().int().positive().default(3),
    /** Retries at most this fraction of requests (a retry budget). @default 1 */
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

export const egressSchema = z
  .object({
    kind: z.enum(['fixed', 'token-bucket', 'adaptive']).default('fixed'),
    /** token-bucket: backend calls per second. */
    rate: positive('egress.rate').optional(),
    burst: positive('egress.burst').optional(),
  })
  .strict();

export const serviceSchema = z
  .object({
    /** A strategy name (`reject-429`) or `{ type, ...options }`. --strategy overrides. */
    strategy: z.union([z.string(), z.object({ type: z.string() }).passthrough()]),
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
  .strict();

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
    model: z.string().default('claude-haiku-5-5'),
    /** claude: a hard cap on real API calls; required for kind: claude. */
    maxRequests: z.number().int().positive().optional(),
  })
  .strict();

const faultBase = { at: duration };
export const faultSchema = z.discriminatedUnion('kind', [
  z.object({ ...faultBase, kind: z.literal('backend-outage'), duration, status: z.union([z.literal(529), z.literal(503), z.literal(500)]).default(529) }).strict(),
  z.object({ ...faultBase, kind: z.literal('backend-latency'), duration, factor: positive('factor') }).strict(),
  z.object({ ...faultBase, kind: z.literal('backend-errors'), duration, rate: fraction('rate'), status: z.number().int().default(500) }).strict(),
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
