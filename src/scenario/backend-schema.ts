import { z } from 'zod';
import { byteSize, MAX_BODY_LIMIT } from '../units/byte-size.js';
import { claudeModel, DEFAULT_CLAUDE_MODEL } from '../model/claude-models.js';
import { LIMITS, duration, fraction, positive, showValue, whole } from '../units/index.js';
import { backendAddressFields } from './backend-host.js';
import { latency, tokens } from './spread.js';

const got = (i: { input?: unknown }) => `, got ${showValue(i.input)}`;

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
     * mock: the fraction of calls that give tools answered with a `tool_use` block (`stop_reason:
     * tool_use`) instead of text. `tool_choice` any or tool always is, none never is; a call without
     * tools never is. @default 0
     * @example 0.3
     */
    toolUse: fraction('toolUse').optional(),
    /**
     * Message Batches (`/v1/messages/batches`): how long a batch takes to end, drawn once per batch,
     * and when unfinished requests expire instead. Short by default: a game day is minutes long.
     * @default { processing: { p50: 2s, p99: 5s }, expireAfter: 24h }
     */
    batches: z
      .object({
        processing: latency('batches.processing').prefault({ p50: '2s', p99: '5s' }),
        expireAfter: duration.prefault('24h'),
      })
      .strict()
      .prefault({}),
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
    /**
     * The model called: what gameday's own service asks for and the mock answers as. A Claude API
     * id the docs list (src/model/claude-models.ts), or one named in `models`.
     * @default claude-haiku-5-5
     */
    model: z.string().default(DEFAULT_CLAUDE_MODEL),
    /**
     * mock: model ids served besides the documented ones (a fine-tune, a model newer than gameday's
     * list). A call naming any other id is answered 404 `not_found_error`, as the API answers it.
     * @default none
     * @example [claude-haiku-5-5-ft-support]
     */
    models: z.array(z.string().min(1, { error: 'Expected `backend.models` to hold model ids, got an empty one' })).optional(),
    /**
     * A hard cap on HTTP calls to the backend, the SDK's own retries included; required for kind:
     * claude, where the front door holds it on the calls it sends to the API (every route, the
     * model check before the run included; a call a fault answered never reaches the API and is
     * not counted). With `service.url` and the mock, the mock enforces it. Past the cap nothing more
     * is served: 429 with `x-should-retry: false` (counted as `backend_calls.capped`).
     */
    maxRequests: whole('maxRequests', LIMITS.attempts).optional(),
    /**
     * claude: the API gameday's front door sends calls on to: any Anthropic-compatible base URL
     * (a gateway, a stand-in), http or https. The key is ANTHROPIC_API_KEY, from the environment only.
     * @default ANTHROPIC_BASE_URL if set, else https://api.anthropic.com
     */
    upstream: z
      .string()
      .refine((u) => /^https?:\/\/[^/\s]+/.test(u) && URL.canParse(u), { error: (i) => `Expected \`backend.upstream\` to be an http(s) URL${got(i)}` })
      .optional(),
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
    /**
     * mock: the largest request body, on every route: a larger one is answered 413
     * `request_too_large` as it arrives (or at once from its Content-Length); what follows is
     * dropped, never held. At most 500 MB (MAX_BODY_LIMIT).
     * @default the API's own: 32 MB, 256 MB to create a Message Batch
     * @example 1MB
     */
    maxBody: byteSize('backend.maxBody', MAX_BODY_LIMIT).optional(),
    /**
     * mock: connections open at once; one more is closed as soon as it is accepted, unanswered
     * (its caller sees it closed before any answer). @default 65536: above what one machine can open to
     * one address and port, so never a limit on a run
     */
    maxConnections: whole('backend.maxConnections', LIMITS.capacity).optional(),
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
    if (b.upstream !== undefined && b.kind !== 'claude')
      ctx.addIssue({
        code: 'custom',
        path: ['upstream'],
        message: '`upstream` is where the front door sends calls with `kind: claude`: set kind to claude, or delete upstream',
      });
    // With the real API it is the API that knows its models: the check before the run asks it.
    if (b.kind === 'mock' && !claudeModel(b.model) && !b.models?.includes(b.model))
      ctx.addIssue({
        code: 'custom',
        path: ['model'],
        message: `Expected \`backend.model\` to be a documented Claude API id (such as ${DEFAULT_CLAUDE_MODEL}), got ${showValue(b.model)}: fix the id, or list it in \`backend.models\` if the API serves it (a fine-tune, a newer model)`,
      });
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
