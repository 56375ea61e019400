import { z } from 'zod';
import { duration, durationAtLeast, whole } from '../units/index.js';

// The options of a run on your own service (`service.url`) that gameday manages: the processes it
// starts, watches, kills and stops, and the metrics endpoint it reads. Declared here once; the
// scenario's `service:` section composes them.

const LOOPBACK_URL = /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//;

const loopbackUrl = (what: string, example: string) =>
  z
    .url({ error: `Expected \`${what}\` to be an http URL like ${example}` })
    .refine((u) => LOOPBACK_URL.test(u), { error: `Expected \`${what}\` on loopback (127.0.0.1, localhost or [::1])` });

/** Most instances of one process: a game day on one machine, not a fleet. */
const MAX_INSTANCES = 32;

/**
 * One process of your service that the run starts, watches and stops (SIGTERM to its whole
 * process group, SIGKILL after `service.stopGrace`). It gets `ANTHROPIC_BASE_URL` (the run's mock)
 * and a placeholder `ANTHROPIC_API_KEY` on top of gameday's own environment and `env`. Variables of
 * gameday's environment named like credentials (`ANTHROPIC_*`, and names holding KEY, TOKEN,
 * SECRET, PASSW, CREDENTIAL or AUTH) are not passed on unless `env` names them.
 * @example { name: worker, command: "node worker.js", count: 2 }
 */
export const managedProcessSchema = z
  .object({
    /** What reports, logs and `crash-service` `target:` call it. */
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/, { error: 'Expected `name` to be letters, digits, - or _ (starting with a letter, at most 40)' }),
    /** A shell command line (run by /bin/sh -c) or an argv list (run as is, no shell). @example "node server.js" */
    command: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)], {
      error: 'Expected `command` to be a shell command line or a non-empty list of arguments',
    }),
    /** Its working folder, relative to the scenario file's folder. @default the scenario file's folder */
    cwd: z.string().min(1).optional(),
    /** Extra environment variables (they win over gameday's, bar ANTHROPIC_BASE_URL). @default {} */
    env: z.record(z.string(), z.string()).default({}),
    /** Instances to run (each with GAMEDAY_INSTANCE=0..count-1). @default 1 */
    count: whole('count', MAX_INSTANCES).default(1),
    /**
     * Ready once this URL answers 2xx (polled). Omitted: the first process is ready once
     * `service.url`'s port accepts connections, any other once it has started.
     * @example http://127.0.0.1:3000/health
     */
    ready: loopbackUrl('ready', 'http://127.0.0.1:3000/health').optional(),
  })
  .strict();

export type ManagedProcessConfig = z.output<typeof managedProcessSchema>;

/** The processes of your service the run manages: names must be unique. */
export const managedProcessListSchema = z
  .array(managedProcessSchema)
  .min(1, { error: 'Expected at least one process' })
  .max(16, { error: 'Expected at most 16 processes' })
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((p, i) => {
      if (seen.has(p.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `Expected process names to be unique, got \`${p.name}\` twice` });
      seen.add(p.name);
    });
  });

/**
 * The names of your service's metrics: each field of the service check, mapped to a metric
 * (Prometheus: a metric name, every series of it summed; JSON: a dot path like `queue.depth`).
 * Unmapped fields are not compared.
 * @example { depth: queue_depth, accepted: jobs_accepted_total, processed: jobs_done_total }
 */
const metricsMapSchema = z
  .object({
    /** Jobs waiting in your queue: the depth timeline, max depth and drain come from it. */
    depth: z.string().min(1).optional(),
    received: z.string().min(1).optional(),
    accepted: z.string().min(1).optional(),
    shed: z.string().min(1).optional(),
    rejected: z.string().min(1).optional(),
    processed: z.string().min(1).optional(),
    failed: z.string().min(1).optional(),
  })
  .strict()
  .refine((m) => Object.keys(m).length > 0, { error: 'Expected at least one mapped metric (depth, received, accepted, shed, rejected, processed, failed)' });

export type MetricsMap = z.output<typeof metricsMapSchema>;

/**
 * Your service's own metrics, polled during the run: queue depth then comes from your service,
 * and its counters are held against the ledger. Without it, depth and drain are "not visible".
 * @example { url: http://127.0.0.1:3000/metrics, format: prometheus, map: { depth: queue_depth } }
 */
export const serviceMetricsSchema = z
  .object({
    url: loopbackUrl('metrics.url', 'http://127.0.0.1:3000/metrics'),
    /** @default prometheus */
    format: z.enum(['prometheus', 'json']).default('prometheus'),
    map: metricsMapSchema,
    /** How often to poll (and once more at the end, and just before a kill). At least 50ms. @default 500ms */
    interval: durationAtLeast(50, 'your service would be asked for its metrics without pause').prefault('500ms'),
  })
  .strict();

export type ServiceMetricsConfig = z.output<typeof serviceMetricsSchema>;

/**
 * The `service:` fields of a managed run on your own service (all need `service.url`). Its
 * processes are `service.processes` in list form (managedProcessListSchema), which the scenario
 * declares beside the counts form for gameday's own service.
 */
export const managedServiceFields = {
  /** How long each process may take to become ready. @default 30s */
  startTimeout: duration.prefault('30s'),
  /** After SIGTERM at the end (or before a restart), how long before SIGKILL. @default 5s */
  stopGrace: duration.prefault('5s'),
  metrics: serviceMetricsSchema.optional(),
};
