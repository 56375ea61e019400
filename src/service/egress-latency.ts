import type { Clock } from '../time/index.js';
import { LimitEgress, type LimitOptions } from './egress-limit.js';
import { RttWindow } from './egress-rtt.js';

export interface LatencyLimitOptions extends LimitOptions {
  /** How long the no-load latency is remembered (see RttWindow). */
  windowMs: number;
}

/**
 * A concurrency limit steered by latency (gradient, vegas): each successful answer's latency
 * feeds an RttWindow and asks the controller for the next limit. The limit is not raised while
 * fewer than half of it are in flight (the egress is not what limits the service then, so latency
 * says nothing about a higher limit). A 429/529 is a congestion signal too, as in AIMD (LimitEgress).
 */
export abstract class LatencyEgress extends LimitEgress {
  protected readonly rtt: RttWindow;

  constructor(clock: Clock, o: LatencyLimitOptions) {
    super(clock, o);
    this.rtt = new RttWindow(o.windowMs, clock.now());
  }

  /** The next limit from the current one and the latencies (called on every successful answer). */
  protected abstract next(limit: number, rtt: RttWindow): number;

  protected afterSuccess(latencyMs: number, now: number, inFlightAtSend: number): number | undefined {
    this.rtt.add(latencyMs, now);
    const next = this.next(this.limitNow, this.rtt);
    return next < this.limitNow || inFlightAtSend * 2 >= this.limitNow ? next : undefined;
  }
}
