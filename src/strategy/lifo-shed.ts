import { z } from 'zod';
import { JobQueue } from './job-queue.js';
import { lifoOrder } from './queue-order.js';
import { accept, queueStrategy } from './queue-strategy.js';
import type { StrategyModule } from './types.js';

const optionsSchema = z.object({}).strict();

const EVICTED = 'evicted: the oldest job in a full queue, to make room for a newer one';

/**
 * Newest first, oldest shed: under overload the freshest request is served first (its caller is
 * the one most likely still waiting) and, when the queue is full, the oldest job is ended with a
 * reason the service reports, so the caller's accepted request fails loudly instead of vanishing.
 */
export const lifoShed = {
  type: 'lifo-shed',
  traits: { keepsAccepted: true, bounded: true, ends: true, acceptsEveryOffer: true, holdsCallers: false },
  describe: 'Serves newest first; when full, accepts the new job and ends the oldest with a reported failure.',
  optionsSchema,
  create(_options, deps) {
    const queue = new JobQueue(lifoOrder());
    return queueStrategy(queue, () => {
      if (queue.queued >= deps.capacity) deps.end(queue.evict()!, EVICTED);
      return accept;
    });
  },
} satisfies StrategyModule<z.infer<typeof optionsSchema>>;
