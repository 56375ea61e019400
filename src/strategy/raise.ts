import { z } from 'zod';
import { JobQueue } from './job-queue.js';
import { accept, queueStrategy } from './queue-strategy.js';
import type { StrategyModule } from './types.js';

const optionsSchema = z.object({}).strict();

/** Full queue → an exception → 500, with no hint of when to come back. */
export const raise = {
  type: 'raise',
  traits: { keepsAccepted: true, bounded: true, ends: false, acceptsEveryOffer: false, holdsCallers: false },
  describe: 'Answers 500 when full, with no Retry-After: an error with no guidance.',
  optionsSchema,
  create(_options, deps) {
    const queue = new JobQueue();
    return queueStrategy(queue, () =>
      queue.queued < deps.capacity ? accept : { admission: { kind: 'rejected', status: 500, reason: 'queue full' }, enqueue: false },
    );
  },
} satisfies StrategyModule<z.infer<typeof optionsSchema>>;
