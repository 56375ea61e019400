import type { BackendOutcome } from '../backend/index.js';
import type { Clock } from '../model/index.js';
import { CallGate } from './egress-gate.js';
import { RttWindow } from './egress-rtt.js';
import type { Egress } from './egress.js';

export interface LatencyLimitOptions {
  initial: number;
  min: number;
  max: number;
  /** The factor the limit is multiplied by on a 429/529 (once per round trip). */
  decrease: number;
  /** How long the no-load latency is remembered (see RttWindow). */
  windowMs: number;
}

/**
 * A concurrency limit steered by latency (gradient, vegas): each successful answer's latency
 * feeds an RttWindow and asks the controller for the next limit. The limit is not raised while
 * fewer than half of it are in flight (the egress is not what limits the service then, so latency
 * says nothing about a higher limit). A 429/529 is a congestion signal too, as in AIMD: the limit
 * is multiplied by `decrease` once per round trip and a `retry-after` pauses every new call.
 */
export abstract class LatencyEgress implements Egress {
  protected limitNow: number;
  private inFlight = 0;
  private lastCutAt = -Infinity;
  private readonly gate: CallGate;
  protected readonly rtt: RttWindow;
  /** The lowest and highest the limit went, cuts on 429/529 and retry-after pauses (for tests and reports). */
  readonly stats = { lowest: 0, highest: 0, cuts: 0, pauses: 0 };

  constructor(
    private readonly clock: Clock,
    protected readonly o: LatencyLimitOptions,
  ) {
    this.limitNow = Math.min(o.max, Math.max(o.min, o.initial));
    this.stats.lowest = this.stats.highest = this.limitNow;
    this.gate = new CallGate(clock, this.limitNow);
    this.rtt = new RttWindow(o.windowMs, clock.now());
  }

  get limit(): number {
    return this.limitNow;
  }

  /** The next limit from the current one and the latencies (called on every successful answer). */
  protected abstract next(limit: number, rtt: RttWindow): number;

  async run(call: () => Promise<BackendOutcome>): Promise<BackendOutcome> {
    await this.gate.acquire();
    const sentAt = this.clock.now();
    const inFlightAtSend = ++this.inFlight;
    try {
      const outcome = await call();
      this.learn(outcome, sentAt, inFlightAtSend);
      return outcome;
    } finally {
      this.inFlight--;
      this.gate.release();
    }
  }

  private learn(o: BackendOutcome, sentAt: number, inFlightAtSend: number): void {
    const now = this.clock.now();
    if (o.ok) {
      this.rtt.add(now - sentAt, now);
      const next = this.next(this.limitNow, this.rtt);
      if (next < this.limitNow || inFlightAtSend * 2 >= this.limitNow) this.setLimit(next);
      return;
    }
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
    this.stats.highest = Math.max(this.stats.highest, this.limitNow);
    this.gate.setLimit(this.limitNow);
  }
}
