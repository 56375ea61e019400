import { z } from 'zod';
import { JobQueue } from './job-queue.js';
import { accept, queueStrategy } from './queue-strategy.js';
import { DrainRateEstimator } from './retry-after.js';
import type { StrategyModule } from './types.js';

const optionsSchema = z
  .object({
    /** Utilisation (depth / capacity) from which new work is refused. @default 0.9 */
    shedAt: z.number().gt(0).max(1).default(0.9),
  })
  .strict();

/** Refuses with 503 + Retry-After once utilisation reaches a threshold, before the queue is full. */
export const reject503 = {
  type: 'reject-503',
  traits: { keepsAccepted: true, bounded: true, ends: false, acceptsEveryOffer: false, holdsCallers: false },
  describe: 'Answers 503 + Retry-After once queue utilisation reaches `shedAt` (default 0.9).',
  optionsSchema,
  create(options, deps) {
    const queue = new JobQueue();
    const drain = new DrainRateEstimator(deps.clock, deps.workers);
    queue.onSettle(() => drain.observe());
    const limit = Math.max(1, Math.floor(deps.capacity * options.shedAt));
    return queueStrategy(queue, () =>
      queue.queued < limit
        ? accept
        : {
            admission: { kind: 'shed', status: 503, retryAfterS: drain.retryAfterSeconds(queue.queued), reason: 'over utilisation threshold' },
            enqueue: false,
          },
    );
  },
} satisfies StrategyModule<z.infer<typeof optionsSchema>>;
