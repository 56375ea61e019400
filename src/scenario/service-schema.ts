import { z } from 'zod';
import { LIMITS, duration, whole } from '../units/index.js';
import { serviceCoreFields } from '../service/options.js';
import { managedProcessListSchema, managedServiceFields } from '../service/managed-options.js';
import { serviceProcessesSchema } from '../service/processes.js';
import { deliverySchema } from '../service/delivery-options.js';
import { requestSchema } from '../load/index.js';

// The scenario's `service:` section: which service (gameday's, by strategy, or your own, by url),
// how it runs, and the processes the run owns. The options of the service itself are declared by
// the modules that own them (service/options.ts, service/managed-options.ts, service/processes.ts).

export const serviceSchema = z
  .object({
    /** A strategy name (`reject-429`) or `{ type, ...options }`. --strategy overrides. Not with `url`. */
    strategy: z.union([z.string(), z.object({ type: z.string() }).passthrough()]).optional(),
    /**
     * Your own service instead of gameday's: jobs are sent to this URL (http or https) and it must
     * call Claude at gameday's mock (`backend.port`), or report each job (`delivery`). A host
     * beyond this machine is reached only when the run names it with --target.
     * @example http://127.0.0.1:3000/jobs
     */
    url: z
      .url({ protocol: /^https?$/, error: 'Expected `url` to be an http or https URL like http://127.0.0.1:3000/jobs' })
      // The scheme as every check reads it (HTTPS:// is https://).
      .transform((u) => u.replace(/^[a-z]+:/i, (scheme) => scheme.toLowerCase()))
      .refine((u) => !/^https?:\/\/[^/]*@/.test(u), {
        error: '`url` must not carry credentials (they would be written in every report): send them in `request.headers`, from the environment',
      })
      .optional(),
    /** With `url`: how each job is sent (method, headers, body); see requestSchema. @default POST gameday's own JSON body */
    request: requestSchema.optional(),
    /** With an https `url`: what to trust and what to present. Paths are relative to the scenario file's folder. */
    tls: z
      .object({
        /** A PEM file of the certificate authorities to trust instead of the system's (a private CA). */
        ca: z.string().min(1).optional(),
        /** A PEM client certificate, for a service that asks for one (with `key`). */
        cert: z.string().min(1).optional(),
        /** The client certificate's PEM key. */
        key: z.string().min(1).optional(),
        /** Accept any certificate, as for a self-signed staging host: every report says so. @default false */
        insecure: z.boolean().default(false),
      })
      .strict()
      .superRefine((t, ctx) => {
        if ((t.cert === undefined) !== (t.key === undefined))
          ctx.addIssue({
            code: 'custom',
            path: [t.cert === undefined ? 'cert' : 'key'],
            message: 'Expected `cert` and `key` together: a client certificate needs its key',
          });
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
    /** With `url`: where your service reports each job's result (see deliverySchema). @default unset: completed = answered at the backend */
    delivery: deliverySchema.optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.url !== undefined && s.strategy !== undefined)
      ctx.addIssue({ code: 'custom', path: ['url'], message: "`url` (your own service) and `strategy` (gameday's service) exclude each other" });
    if (s.url === undefined && s.strategy === undefined)
      ctx.addIssue({ code: 'custom', path: ['strategy'], message: 'Missing required field `strategy` (or `url` to drive your own service)' });
    if (s.url === undefined && s.metrics !== undefined)
      ctx.addIssue({ code: 'custom', path: ['metrics'], message: '`metrics` belongs to your own service: it needs `service.url`' });
    if (s.url === undefined)
      for (const field of ['request', 'tls'] as const)
        if (s[field] !== undefined)
          ctx.addIssue({ code: 'custom', path: [field], message: `\`${field}\` is how gameday reaches your own service: it needs \`service.url\`` });
    if (s.tls !== undefined && s.url?.startsWith('http:')) ctx.addIssue({ code: 'custom', path: ['tls'], message: '`tls` needs an https `url`' });
    if (s.request && JSON.stringify(s.request).match(/\{\{\s*callback\s*\}\}/) && s.delivery?.callback !== true)
      ctx.addIssue({
        code: 'custom',
        path: ['request'],
        message: '`{{callback}}` is the callback URL of `delivery: { callback: true }`, which this service does not have',
      });
    if (s.url === undefined && s.delivery !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['delivery'],
        message: "`delivery` is your own service's: it needs `service.url` (gameday's own service delivers by itself)",
      });
    if (s.url === undefined && Array.isArray(s.processes))
      ctx.addIssue({
        code: 'custom',
        path: ['processes'],
        message: "a list of processes is your own service's: it needs `service.url` (gameday's own service takes counts: { api: 2, workers: 4 })",
      });
    if (s.url !== undefined && s.processes !== undefined && !Array.isArray(s.processes))
      ctx.addIssue({
        code: 'custom',
        path: ['processes'],
        message: "with `url`, `processes` lists your own processes: [{ name, command, ready }]; counts ({ api, workers }) are for gameday's own service",
      });
  });

type ServiceSection = Pick<z.output<typeof serviceSchema>, 'processes'>;

/** Your own service's processes (`service.processes` in list form), or undefined. */
export const managedProcesses = (service: ServiceSection) => (Array.isArray(service.processes) ? service.processes : undefined);

/** gameday's service as many processes (`service.processes` in counts form), or undefined. */
export const serviceCluster = (service: ServiceSection) =>
  service.processes !== undefined && !Array.isArray(service.processes) ? service.processes : undefined;
