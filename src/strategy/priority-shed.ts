import { z } from 'zod';
import { PRIORITIES } from '../model/index.js';
import { JobQueue } from './job-queue.js';
import { priorityOrder } from './queue-order.js';
import { accept, queueStrategy } from './queue-strategy.js';
import { DrainRateEstimator } from './retry-after.js';
import type { StrategyModule } from './types.js';

const share = z.number().gt(0).max(1);
const optionsSchema = z
  .object({
    /** Utilisation at which each priority starts being shed; critical only when full. */
    shedAt: z
      .object({ critical: share.default(1), high: share.default(0.9), normal: share.default(0.7), low: share.default(0.5) })
      .strict()
      .default({ critical: 1, high: 0.9, normal: 0.7, low: 0.5 }),
    /** @default 503 */
    status: z.union([z.literal(429), z.literal(503)]).default(503),
  })
  .strict();

/** One queue, served best priority first; lower priorities are refused at lower utilisation. */
export const priorityShed = {
  type: 'priority-shed',
  traits: { keepsAccepted: true, bounded: true, ends: false, acceptsEveryOffer: false, holdsCallers: false },
  describe: 'Priority queue; sheds low at 50% full, normal at 70%, high at 90%, critical only when full.',
  optionsSchema,
  create(options, deps) {
    const queue = new JobQueue(priorityOrder());
    const drain = new DrainRateEstimator(deps.clock, deps.workers);
    queue.onSettle(() => drain.observe());
    const limits = PRIORITIES.map((p) => Math.max(1, Math.floor(deps.capacity * options.shedAt[p])));
    return queueStrategy(queue, (job) =>
      queue.queued < limits[job.priority]
        ? accept
        : {
            admission: { kind: 'shed', status: options.status, retryAfterS: drain.retryAfterSeconds(queue.queued), reason: `${PRIORITIES[job.priority]} shed` },
            enqueue: false,
          },
    );
  },
} satisfies StrategyModule<z.infer<typeof optionsSchema>>;
