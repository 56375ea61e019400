import { z } from 'zod';
import { duration } from '../units/index.js';
import { Fifo } from './fifo.js';
import { JobQueue } from './job-queue.js';
import { accept, queueStrategy, type Decision } from './queue-strategy.js';
import { DrainRateEstimator } from './retry-after.js';
import type { StrategyModule } from './types.js';

const optionsSchema = z
  .object({
    /** How long a caller is held for a slot before a 503 + Retry-After. @default 30s */
    maxWait: duration.prefault('30s'),
  })
  .strict();

/** Closed-loop backpressure: a full queue holds the caller until a slot frees (or `maxWait`). */
export const block = {
  type: 'block',
  traits: { keepsAccepted: true, bounded: true, ends: false, acceptsEveryOffer: false, holdsCallers: true },
  describe: 'Holds the caller until a queue slot frees (or maxWait), then accepts: closed-loop backpressure.',
  optionsSchema,
  create(options, deps) {
    const queue = new JobQueue();
    const drain = new DrainRateEstimator(deps.clock, deps.workers);
    queue.onSettle(() => drain.observe());
    // Callers held for a slot, first come first served; a worker taking a job wakes the first.
    const held = new Fifo<() => boolean>();

    const holdForSlot = (signal?: AbortSignal): Promise<Decision> =>
      new Promise((resolve) => {
        let settled = false;
        const give = (d: Decision): boolean => {
          if (settled) return false;
          settled = true;
          cancelTimer();
          signal?.removeEventListener('abort', onAbort);
          resolve(d);
          return true;
        };
        const refuse = (reason: string): boolean =>
          give({ admission: { kind: 'shed', status: 503, retryAfterS: drain.retryAfterSeconds(queue.queued), reason }, enqueue: false });
        const onAbort = () => refuse('caller went away');
        const cancelTimer = deps.clock.setTimer(options.maxWait, () => refuse('held too long'));
        signal?.addEventListener('abort', onAbort, { once: true });
        held.push(() => give(accept));
      });

    const strategy = queueStrategy(queue, (_job, signal) => (queue.queued < deps.capacity && held.length === 0 ? accept : holdForSlot(signal)));
    return {
      ...strategy,
      take(deliver) {
        strategy.take((lease) => {
          // A slot just freed: admit the longest-held caller still waiting.
          if (queue.queued < deps.capacity) while (held.length && !held.shift()!()) continue;
          deliver(lease);
        });
      },
    };
  },
} satisfies StrategyModule<z.infer<typeof optionsSchema>>;
