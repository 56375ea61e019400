import { z } from 'zod';
import { duration, fraction } from '../units/index.js';
import type { FaultModule } from './types.js';
import { scaleWindow, windowOf } from './windowed.js';

/** A `rate` fraction of calls is refused with `status` while it lasts (drawn per call from the mock's seeded outcome stream). */
const optionsSchema = z
  .object({ at: duration, kind: z.literal('backend-errors'), duration, rate: fraction('rate'), status: z.number().int().min(400).max(599).default(500) })
  .strict();

type BackendErrors = z.output<typeof optionsSchema>;

export const backendErrors = {
  kind: 'backend-errors',
  describe: 'A share `rate` of calls is refused with `status` (default 500 api_error) while it lasts.',
  example: { kind: 'backend-errors', at: '10s', duration: '4s', rate: 0.5 },
  optionsSchema,
  scale: scaleWindow,
  window: windowOf,
  backend: { refuse: (f: BackendErrors, rng) => (rng.next() < f.rate ? f.status : undefined) },
} satisfies FaultModule<BackendErrors>;
