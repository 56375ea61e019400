import type { BackendOutcome } from '../backend/index.js';
import type { Clock } from '../model/index.js';
import { CallGate } from './egress-gate.js';
import type { Egress } from './egress.js';

export interface AdaptiveOptions {
  initial: number;
  min: number;
  max: number;
  /** The factor the limit is multiplied by on a congestion signal (0 < decrease < 1). */
  decrease: number;
}

/**
 * AIMD on concurrency, as TCP does on its window: a 429 or 529 multiplies the limit by
 * `decrease` (once per round trip: answers to calls sent before the last cut do not cut again),
 * each success adds 1/limit (about +1 per window of successes), and a `retry-after` pauses every
 * new call until it has passed. Other failures (500s, connection errors) say nothing about load.
 */
export class AdaptiveEgress implements Egress {
  private limitNow: number;
  private lastCutAt = -Infinity;
  private readonly gate: CallGate;
  /** The lowest the limit went, and how many cuts and pauses there were (for tests and reports). */
  readonly stats = { lowest: 0, cuts: 0, pauses: 0 };

  constructor(
    private readonly clock: Clock,
    private readonly o: AdaptiveOptions,
  ) {
    this.limitNow = Math.min(o.max, Math.max(o.min, o.initial));
    this.stats.lowest = this.limitNow;
    this.gate = new CallGate(clock, this.limitNow);
  }

  get limit(): number {
    return this.limitNow;
  }

  async run(call: () => Promise<BackendOutcome>): Promise<BackendOutcome> {
    await this.gate.acquire();
    const sentAt = this.clock.now();
    try {
      const outcome = await call();
      this.learn(outcome, sentAt);
      return outcome;
    } finally {
      this.gate.release();
    }
  }

  private learn(o: BackendOutcome, sentAt: number): void {
    const now = this.clock.now();
    if (o.ok) return this.setLimit(this.limitNow + 1 / this.limitNow);
    if (o.status !== 429 && o.status !== 529) return;
    if (sentAt >= this.lastCutAt) {
      this.lastCutAt = now;
      this.stats.cuts++;
      this.setLimit(this.limitNow * this.o.decrease);
    }
    if (o.retryAfterMs) {
      this.stats.pauses++;
      this.gate.pauseUntil(now + o.retryAfterMs);
    }
  }

  private setLimit(limit: number): void {
    this.limitNow = Math.min(this.o.max, Math.max(this.o.min, limit));
    this.stats.lowest = Math.min(this.stats.lowest, this.limitNow);
    this.gate.setLimit(this.limitNow);
  }
}
