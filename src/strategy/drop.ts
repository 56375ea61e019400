import { z } from 'zod';
import { JobQueue } from './job-queue.js';
import { ACCEPTED, accept, queueStrategy } from './queue-strategy.js';
import type { StrategyModule } from './types.js';

const optionsSchema = z.object({}).strict();

/** The silent failure: when full it still answers 202, then throws the job away. */
export const drop = {
  type: 'drop',
  traits: { keepsAccepted: false, bounded: true, ends: false, acceptsEveryOffer: true, holdsCallers: false },
  describe: 'Answers 202 as if queued, then discards when full: the silent failure to expose.',
  optionsSchema,
  create(_options, deps) {
    const queue = new JobQueue();
    return queueStrategy(queue, () => (queue.queued < deps.capacity ? accept : { admission: ACCEPTED, enqueue: false }));
  },
} satisfies StrategyModule<z.infer<typeof optionsSchema>>;
