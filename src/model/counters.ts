import type { ServiceCounters } from './result.js';

/** A service that has counted nothing yet. */
export const NO_COUNTERS: ServiceCounters = { received: 0, accepted: 0, shed: 0, rejected: 0, processed: 0, failed: 0, depth: 0 };

/**
 * What a service counted across lives: totals add up, depth is the later one's (a crashed
 * process's counts are carried into its successor's).
 */
export function addCounters(earlier: ServiceCounters, later: ServiceCounters | undefined): ServiceCounters {
  if (!later) return earlier;
  return {
    received: earlier.received + later.received,
    accepted: earlier.accepted + later.accepted,
    shed: earlier.shed + later.shed,
    rejected: earlier.rejected + later.rejected,
    processed: earlier.processed + later.processed,
    failed: earlier.failed + later.failed,
    depth: later.depth,
  };
}
