import { z } from 'zod';
import { LIMITS } from '../units/index.js';
import { JobQueue } from './job-queue.js';
import { accept, queueStrategy } from './queue-strategy.js';
import type { StrategyModule } from './types.js';

const optionsSchema = z
  .object({
    /** Items held before the process runs out of memory. @default 1000 */
    maxItems: z.number().int().min(1).max(LIMITS.capacity).default(1000),
    /** Estimated heap held before it dies (each item ≈ 4 bytes per prompt token + 1 KiB). Unset: no byte limit. */
    maxMemoryMB: z
      .number()
      .positive()
      .max(1024 * 1024)
      .optional(),
  })
  .strict();

const ITEM_OVERHEAD_BYTES = 1024;

/** The naive baseline: accepts everything, never refuses, and dies at its memory limit with its queue. */
export const unbounded = {
  type: 'unbounded',
  traits: { keepsAccepted: true, bounded: false, ends: false, acceptsEveryOffer: true, holdsCallers: false },
  describe: 'Accepts everything; dies at `maxItems` (or `maxMemoryMB`) and loses everything it held.',
  optionsSchema,
  create(options, deps) {
    const queue = new JobQueue();
    const memoryLimit = options.maxMemoryMB === undefined ? Infinity : options.maxMemoryMB * 1024 * 1024;
    return queueStrategy(queue, (job) => {
      // Heap estimate: what it would hold with this job, each item sized like this one.
      const bytes = (queue.queued + 1) * (job.inputTokens * 4 + ITEM_OVERHEAD_BYTES);
      if (queue.queued + 1 > options.maxItems || bytes > memoryLimit) {
        deps.die(`out of memory: ${queue.queued + 1} items queued (limit ${options.maxItems} items)`);
      }
      return accept;
    });
  },
} satisfies StrategyModule<z.infer<typeof optionsSchema>>;
