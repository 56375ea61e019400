import type { Clock } from '../time/index.js';
import { LatencyEgress, type LatencyLimitOptions } from './egress-latency.js';
import type { RttWindow } from './egress-rtt.js';

export interface GradientOptions extends LatencyLimitOptions {
  /** How much slower than no-load latency counts as no queue at all (≥ 1). */
  tolerance: number;
  /** The weight of each new limit against the current one (0 < smoothing ≤ 1). */
  smoothing: number;
  /** The headroom added to every new limit, so it can grow while latency holds. */
  queueSize: number;
}

/**
 * Gradient concurrency limit (Netflix concurrency-limits GradientLimit/Gradient2Limit, Envoy's
 * adaptive concurrency filter; docs/decisions/0009-adaptive-concurrency-egress.md):
 *   gradient = clamp(tolerance × rttNoLoad / rttActual, 0.5, 1)
 *   newLimit = limit × gradient + queueSize
 *   limit    = limit × (1 − smoothing) + newLimit × smoothing
 * While latency stays within `tolerance` of no-load, the gradient is 1 and the limit grows by
 * `queueSize × smoothing` per answer; as latency climbs, the limit shrinks in proportion, by at
 * most half per answer before smoothing.
 */
export class GradientEgress extends LatencyEgress {
  constructor(
    clock: Clock,
    private readonly g: GradientOptions,
  ) {
    super(clock, g);
  }

  protected next(limit: number, rtt: RttWindow): number {
    const gradient = Math.max(0.5, Math.min(1, (this.g.tolerance * rtt.noLoad) / rtt.actual));
    const newLimit = limit * gradient + this.g.queueSize;
    return limit * (1 - this.g.smoothing) + newLimit * this.g.smoothing;
  }
}
