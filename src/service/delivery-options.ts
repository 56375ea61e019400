import { z } from 'zod';
import { durationAtLeast, whole } from '../units/index.js';
import { parseJsonCondition, parseJsonPath } from '../model/index.js';

// How your own service (`service.url`) says a job is done: `service.delivery`. Declared here once;
// the scenario's `service:` section composes it.

/** A condition on the status document, refused with what is wrong when it cannot be read. */
const condition = (what: string) =>
  z.string().superRefine((text, ctx) => {
    const parsed = parseJsonCondition(text);
    if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: `\`${what}\`: ${parsed}` });
  });

/** `GET /jobs/{id}`: a path on the service's own origin, with `{id}` where the request id goes. */
const STATUS_ROUTE = /^GET (\/\S*\{id\}\S*)$/;

/**
 * Where your service reports each job's result, so `completed` means delivered, not merely
 * answered at the backend. One of:
 * - `{ callback: true }`: gameday serves a callback endpoint on loopback and sends its URL with
 *   every job (header `x-gameday-callback`, body field `callback_url`); the service POSTs
 *   `{ "id": "<request id>", "status": "completed" }`, or `"failed"` with a `"reason"`, there.
 * - `{ status: "GET /jobs/{id}", done: "$.state == 'completed'", failed: "$.state == 'failed'" }`:
 *   gameday polls each accepted job on the service's origin until `done` or `failed` holds, or the
 *   run ends; each job at most once per `every`, all jobs at most `maxRate` polls a second.
 * A job answered at the backend but never delivered is then lost (`answered_not_delivered`); one
 * the service reports failed is failed, with its reason.
 * @example { status: "GET /jobs/{id}", done: "$.state == 'completed'", failed: "$.state == 'failed'" }
 */
export const deliverySchema = z
  .object({
    /** Serve a callback endpoint and pass its URL with every job. */
    callback: z.literal(true, { error: 'Expected `callback` to be true (or leave it out and give `status`)' }).optional(),
    /** The status route, `GET /path/{id}` on the service's origin. @example GET /jobs/{id} */
    status: z
      .string()
      .regex(STATUS_ROUTE, {
        error: (i) => `Expected \`status\` like "GET /jobs/{id}" (GET, a path on the service, {id} where the request id goes), got ${JSON.stringify(i.input)}`,
      })
      .optional(),
    /** With `status`: when the job is delivered. @example $.state == 'completed' */
    done: condition('done').optional(),
    /** With `status`: when the service gave up on the job. @example $.state == 'failed' */
    failed: condition('failed').optional(),
    /** With `status`: where the failure's reason is (a path). @example $.error */
    reason: z
      .string()
      .refine((p) => parseJsonPath(p) !== undefined, { error: 'Expected `reason` to be a path like $.error.message' })
      .optional(),
    /** With `status`: the least time between two polls of one job. @default 250ms */
    every: durationAtLeast(20, 'each accepted job is polled at most this often').prefault('250ms'),
    /** With `status`: the most polls a second, all jobs together: your service is under load already. @default 100 */
    maxRate: whole('maxRate', 10_000).default(100),
  })
  .strict()
  .superRefine((d, ctx) => {
    if ((d.callback === undefined) === (d.status === undefined))
      ctx.addIssue({ code: 'custom', path: [], message: 'Expected exactly one of `callback: true` or `status: "GET /jobs/{id}"` (with `done`), not both' });
    if (d.status !== undefined && d.done === undefined)
      ctx.addIssue({ code: 'custom', path: ['done'], message: "Expected `done` with `status`: when the job is delivered, like $.state == 'completed'" });
    if (d.status === undefined)
      for (const k of ['done', 'failed', 'reason'] as const)
        if (d[k] !== undefined) ctx.addIssue({ code: 'custom', path: [k], message: `\`${k}\` reads the status endpoint: it needs \`status\`` });
  });

export type DeliveryConfig = z.output<typeof deliverySchema>;

/** The status route's path template (`/jobs/{id}`). */
export const statusPath = (d: DeliveryConfig) => STATUS_ROUTE.exec(d.status!)![1];
