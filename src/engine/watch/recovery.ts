import type { Harness } from '../harness/harness.js';

const POLL_MS = 25;

/**
 * Watches for the first moment at or after `fromMs` when nothing waits in the service's queue
 * (jobs in a worker's hands do not count: the backlog is gone). `at()` is that moment, or null.
 */
export function watchQueueEmpty(h: Pick<Harness, 'clock' | 'depth'>, fromMs: number): { at(): number | null; stop(): void } {
  // A depth that is not visible (null) never reads as empty.
  let emptiedAt: number | null = null;
  let cancel = h.clock.setTimer(Math.max(0, fromMs - h.clock.now()), function poll() {
    if (h.depth() === 0) emptiedAt = h.clock.now();
    else cancel = h.clock.setTimer(POLL_MS, poll);
  });
  return { at: () => emptiedAt, stop: () => cancel() };
}
