import { LimitEgress, type LimitOptions } from './egress-limit.js';

export type AdaptiveOptions = LimitOptions;

/**
 * AIMD on concurrency, as TCP does on its window: each success adds 1/limit (about +1 per window
 * of successes); a 429 or 529 multiplies the limit by `decrease` and a `retry-after` pauses every
 * new call (both in LimitEgress).
 */
export class AdaptiveEgress extends LimitEgress {
  protected afterSuccess(): number {
    return this.limitNow + 1 / this.limitNow;
  }
}
