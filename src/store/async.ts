import type { AsyncQueueStore, QueueStore } from '../model/queue-store.js';

/**
 * A synchronous store behind the asynchronous contract. Each call runs at once and its answer is
 * already settled, so the order of operations is the caller's, exactly as with the store itself.
 */
export function asyncQueueStore(store: QueueStore): AsyncQueueStore {
  return {
    enqueue: async (job, now) => store.enqueue(job, now),
    claim: async (now, leaseMs) => store.claim(now, leaseMs),
    complete: async (id, lease, now) => store.complete(id, lease, now),
    fail: async (id, lease, now, reason, retryAt) => store.fail(id, lease, now, reason, retryAt),
    reclaimExpired: async (now, maxStalled) => store.reclaimExpired(now, maxStalled),
    counts: async () => store.counts(),
    deadLetters: async () => store.deadLetters(),
    unfinished: async () => store.unfinished(),
    close: async () => store.close(),
  };
}
