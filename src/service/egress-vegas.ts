import type { Clock } from '../time/index.js';
import { LatencyEgress, type LatencyLimitOptions } from './egress-latency.js';
import type { RttWindow } from './egress-rtt.js';

export interface VegasOptions extends LatencyLimitOptions {
  /** Below this many calls queued at the backend, the limit grows. */
  alpha: number;
  /** Above this many calls queued at the backend, the limit shrinks (≥ alpha). */
  beta: number;
}

/**
 * TCP Vegas on concurrency (Brakmo & Peterson 1994; Netflix concurrency-limits VegasLimit;
 * docs/decisions/0009-adaptive-concurrency-egress.md): the calls waiting in the backend's queue
 * are estimated as
 *   queue = limit × (1 − rttNoLoad / rttActual)
 * and the limit grows by one per round trip (1/limit per answer) while queue < alpha, shrinks by
 * one per round trip while queue > beta, and holds in between.
 */
export class VegasEgress extends LatencyEgress {
  constructor(
    clock: Clock,
    private readonly v: VegasOptions,
  ) {
    super(clock, v);
  }

  protected next(limit: number, rtt: RttWindow): number {
    const queue = limit * (1 - rtt.noLoad / rtt.actual);
    if (queue < this.v.alpha) return limit + 1 / limit;
    if (queue > this.v.beta) return limit - 1 / limit;
    return limit;
  }
}
