import { z } from 'zod';
import { JobQueue } from './job-queue.js';
import { accept, queueStrategy } from './queue-strategy.js';
import { DrainRateEstimator } from './retry-after.js';
import type { StrategyModule } from './types.js';

const optionsSchema = z.object({}).strict();

/** Bounded queue; full → 429 with a Retry-After estimated from the measured drain rate. */
export const reject429 = {
  type: 'reject-429',
  traits: { keepsAccepted: true, bounded: true, ends: false, acceptsEveryOffer: false, holdsCallers: false },
  describe: 'Answers 429 + Retry-After (from the measured drain rate) when the bounded queue is full.',
  optionsSchema,
  create(_options, deps) {
    const queue = new JobQueue();
    const drain = new DrainRateEstimator(deps.clock, deps.workers);
    queue.onSettle(() => drain.observe());
    return queueStrategy(queue, () =>
      queue.queued < deps.capacity
        ? accept
        : { admission: { kind: 'shed', status: 429, retryAfterS: drain.retryAfterSeconds(queue.queued), reason: 'queue full' }, enqueue: false },
    );
  },
} satisfies StrategyModule<z.infer<typeof optionsSchema>>;
