import { z } from 'zod';
import { duration } from '../units/index.js';
import type { FaultModule } from './types.js';
import { scaleWindow, windowOf } from './windowed.js';

/**
 * The backend drops connections mid-answer while it lasts: a call whose answer is due in the
 * window, or a stream still sending in it, loses its connection after the work was done. The
 * caller hears no answer at all (a reset socket); the mock counts the call as `connection_dropped`
 * and credits nothing.
 */
const optionsSchema = z.object({ at: duration, kind: z.literal('backend-reset'), duration }).strict();

type BackendReset = z.output<typeof optionsSchema>;

export const backendReset = {
  kind: 'backend-reset',
  describe: 'Connections are dropped with the answer (counted as connection_dropped) while it lasts.',
  example: { kind: 'backend-reset', at: '10s', duration: '4s' },
  optionsSchema,
  scale: scaleWindow,
  window: windowOf,
  backend: { drop: () => true },
} satisfies FaultModule<BackendReset>;
