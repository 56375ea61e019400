import { z } from 'zod';
import { commandLine } from '../fault/index.js';
import { parseJsonCondition } from '../model/index.js';
import { LIMITS, duration } from '../units/index.js';
import { headersSchema } from '../load/index.js';

const probeName = z.string().min(1).max(80, { error: 'Expected a probe `name` of at most 80 characters' });

/** A check of the service itself, beside gameday's own figures: an HTTP endpoint or a command. */
const probeSchema = z.union([
  z
    .object({
      name: probeName,
      http: z
        .object({
          /** The URL to GET (a host beyond this machine needs --target). @example http://127.0.0.1:3000/health */
          url: z
            .url({ protocol: /^https?$/, error: 'Expected `url` to be an http or https URL like http://127.0.0.1:3000/health' })
            .transform((u) => u.replace(/^[a-z]+:/i, (scheme) => scheme.toLowerCase())),
          /** The status it must answer. @default 200 */
          status: z.number().int().min(100).max(599).default(200),
          /** A condition its JSON body must meet. @example $.status == 'ok' */
          json: z
            .string()
            .superRefine((text, ctx) => {
              const parsed = parseJsonCondition(text);
              if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: `\`json\`: ${parsed}` });
            })
            .optional(),
          /**
           * Headers to send, e.g. credentials: `${VAR}` is read from the environment when the run
           * starts, never written anywhere. An https probe of service.url's host and port uses service.tls. @default {}
           * @example { authorization: "Bearer ${STAGING_TOKEN}" }
           */
          headers: headersSchema.default({}),
          /** @default 5s */
          timeout: duration.prefault('5s'),
        })
        .strict(),
    })
    .strict(),
  z
    .object({
      name: probeName,
      /** A command line that exits 0 when the service is healthy (by /bin/sh, in the scenario file's folder). */
      command: commandLine('command'),
      /** @default 10s */
      timeout: duration.prefault('10s'),
    })
    .strict(),
]);

export type ProbeConfig = z.output<typeof probeSchema>;

/**
 * The steady-state hypothesis: expressions (the gates' language, no window) that must hold before
 * the disturbance (the spike phase and the faults), and again after it.
 * @example { steadyState: ["drop_rate == 0", "p99_latency < 2s"], window: 5s, during: true }
 */
export const hypothesisSchema = z
  .object({
    steadyState: z
      .array(z.string().max(200, { error: 'Expected a steady-state expression of at most 200 characters' }))
      .min(1, { error: 'Expected `hypothesis.steadyState` to hold at least one expression, e.g. "drop_rate == 0"' })
      .max(LIMITS.items, { error: `Expected at most ${LIMITS.items} steady-state expressions` }),
    /** Length of the `before` window (ending where the disturbance starts) and the `after` window (ending with the traffic). @default 5s */
    window: duration.prefault('5s'),
    /** Also judge the disturbance itself (expected to deviate: shown, never failing the run). @default false */
    during: z.boolean().default(false),
    /**
     * The steady state gates the experiment: it is checked where the disturbance starts, on the
     * outcomes known then over the trailing `window` (as abort conditions read one). If it does not
     * hold, no fault runs, the traffic stops there and the verdict is not_run (exit 6): a service
     * not in its steady state teaches nothing about the disturbance. false: judge it afterwards only. @default true
     */
    gate: z.boolean().default(true),
    /**
     * Checks of the service itself beside the expressions: `{ name, http: { url, status, json } }`
     * or `{ name, command }`. Checked where the disturbance starts (with the gate: one that fails
     * calls the experiment off) and once the run has drained (one that fails there fails the run).
     * Live mode only. @default []
     */
    probes: z
      .array(probeSchema)
      .max(LIMITS.items, { error: `Expected at most ${LIMITS.items} probes` })
      .default([]),
    /** The sliding window `recovered_after_ms` is found with (stepped by 100 ms). @default 2s */
    recoveryWindow: duration.prefault('2s'),
  })
  .strict();
