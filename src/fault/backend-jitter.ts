import { z } from 'zod';
import { duration } from '../units/index.js';
import type { FaultModule } from './types.js';
import { scaleWindow, windowOf } from './windowed.js';

/**
 * The network between the service and the API turns noisy: every call's answer starts later by a
 * delay drawn uniformly from [min, max], added to its latency (a stream's first token) rather than
 * multiplying it as backend-latency does, so fast calls suffer as much as slow ones.
 * @example { at: 10s, kind: backend-jitter, duration: 30s, max: 400ms }
 */
const optionsSchema = z
  .object({
    at: duration,
    kind: z.literal('backend-jitter'),
    duration,
    /** The smallest delay added. @default 0ms */
    min: duration.prefault('0ms'),
    /** The largest delay added. */
    max: duration,
  })
  .strict()
  .refine((f) => f.min <= f.max, { message: 'Expected min ≤ max', path: ['min'] });

type BackendJitter = z.output<typeof optionsSchema>;

export const backendJitter = {
  kind: 'backend-jitter',
  describe: 'Every answer starts later by a delay drawn uniformly from [`min`, `max`] while it lasts (added, not multiplied).',
  example: { kind: 'backend-jitter', at: '10s', duration: '4s', max: '400ms' },
  optionsSchema,
  scale: scaleWindow,
  window: windowOf,
  backend: { delay: (f: BackendJitter) => ({ min: f.min, max: f.max }) },
} satisfies FaultModule<BackendJitter>;
