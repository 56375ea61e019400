import type { Clock } from '../time/index.js';
import { Fifo } from './fifo.js';

/**
 * Estimates how long until a queued caller would get a slot, from the measured drain rate (jobs
 * settled over the last `windowMs`), not a constant: Retry-After = ceil(depth / rate), at least
 * 1 s. Until something has drained it assumes `fallbackRate` jobs per second.
 */
export class DrainRateEstimator {
  private readonly settled = new Fifo<number>();
  private readonly since: number;

  constructor(
    private readonly clock: Clock,
    private readonly fallbackRate: number,
    private readonly windowMs = 5000,
  ) {
    this.since = clock.now();
  }

  observe(): void {
    this.settled.push(this.clock.now());
  }

  /** Jobs per second over the window (or since start, if the run is younger than the window). */
  rate(): number {
    const now = this.clock.now();
    while (this.settled.length && this.settled.peek()! < now - this.windowMs) this.settled.shift();
    const span = Math.min(this.windowMs, now - this.since);
    return this.settled.length > 0 && span > 0 ? (this.settled.length * 1000) / span : this.fallbackRate;
  }

  retryAfterSeconds(depth: number): number {
    return Math.max(1, Math.ceil(depth / Math.max(this.rate(), 1e-3)));
  }
}
