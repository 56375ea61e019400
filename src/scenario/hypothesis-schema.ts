import { z } from 'zod';
import { LIMITS, duration } from '../units/index.js';

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
    /** The sliding window `recovered_after_ms` is found with (stepped by 100 ms). @default 2s */
    recoveryWindow: duration.prefault('2s'),
  })
  .strict();
