import { z } from 'zod';
import { LIMITS, duration, positive } from '../units/index.js';
import type { FaultModule } from './types.js';

/**
 * Latency creeps up, as it does before an overload: every call's latency (and a stream's pace) is
 * multiplied by a factor that rises linearly from 1 at `at` to `to` at `at + duration`, then stays
 * at `to` for `hold` (default 0s), and the fault ends: latency is back to normal at once. A call
 * takes the factor of the moment it starts.
 * @example { at: 10s, kind: backend-slowdown, duration: 20s, to: 4, hold: 10s }
 */
const optionsSchema = z
  .object({
    at: duration,
    kind: z.literal('backend-slowdown'),
    /** How long the ramp from 1 to `to` takes. */
    duration,
    /** The factor latency reaches at the end of the ramp. */
    to: positive('to', LIMITS.latencyFactor),
    /** How long latency stays at `to` after the ramp. @default 0s */
    hold: duration.prefault('0s'),
  })
  .strict();

type BackendSlowdown = z.output<typeof optionsSchema>;

/** The factor at `t` (ms on the run's timeline); 1 outside the window. */
function factorAt(f: BackendSlowdown, t: number): number {
  if (t < f.at || t >= f.at + f.duration + f.hold) return 1;
  const ramped = f.duration > 0 ? Math.min(1, (t - f.at) / f.duration) : 1;
  return 1 + (f.to - 1) * ramped;
}

export const backendSlowdown = {
  kind: 'backend-slowdown',
  describe: 'Latency creeps up: its factor rises from 1 to `to` over `duration`, holds for `hold`, then ends.',
  example: { kind: 'backend-slowdown', at: '10s', duration: '4s', to: 3 },
  optionsSchema,
  scale: (f: BackendSlowdown, k: number) => ({ ...f, at: Math.round(f.at * k), duration: Math.round(f.duration * k), hold: Math.round(f.hold * k) }),
  window: (f: BackendSlowdown) => [f.at, f.at + f.duration + f.hold],
  backend: { slowdown: (f: BackendSlowdown, now: number) => factorAt(f, now) },
} satisfies FaultModule<BackendSlowdown>;
