import { z } from 'zod';
import { duration, LIMITS, positive } from '../units/index.js';
import type { FaultModule } from './types.js';
import { scaleWindow, windowOf } from './windowed.js';

/** Every call's latency (and a stream's pace) is multiplied by `factor` while it lasts. */
const optionsSchema = z.object({ at: duration, kind: z.literal('backend-latency'), duration, factor: positive('factor', LIMITS.latencyFactor) }).strict();

type BackendLatency = z.output<typeof optionsSchema>;

export const backendLatency = {
  kind: 'backend-latency',
  describe: "Every call's latency (and a stream's pace) is multiplied by `factor` while it lasts.",
  example: { kind: 'backend-latency', at: '10s', duration: '4s', factor: 3 },
  optionsSchema,
  scale: scaleWindow,
  window: windowOf,
  backend: { slowdown: (f: BackendLatency) => f.factor },
} satisfies FaultModule<BackendLatency>;
