import { z } from 'zod';
import { duration } from '../units/index.js';
import type { FaultModule } from './types.js';
import { scaleWindow, windowOf } from './windowed.js';

/** Every Messages call is refused with `status` while the outage lasts; a stream in progress is cut with its error. */
const optionsSchema = z
  .object({ at: duration, kind: z.literal('backend-outage'), duration, status: z.union([z.literal(529), z.literal(503), z.literal(500)]).default(529) })
  .strict();

type BackendOutage = z.output<typeof optionsSchema>;

export const backendOutage = {
  kind: 'backend-outage',
  describe: 'Every call is refused with `status` (default 529 overloaded_error) while it lasts; a stream in progress is cut.',
  example: { kind: 'backend-outage', at: '10s', duration: '4s' },
  optionsSchema,
  scale: scaleWindow,
  window: windowOf,
  capacityLeft: () => 0,
  backend: {
    refuse: (f: BackendOutage) => f.status,
    interrupt: (f: BackendOutage) => f.status,
  },
} satisfies FaultModule<BackendOutage>;
