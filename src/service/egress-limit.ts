import type { BackendOutcome } from '../backend/index.js';
import type { Clock, Reply } from '../time/index.js';
import { CallGate } from './egress-gate.js';
import type { Egress, EgressCall } from './egress.js';

export interface LimitOptions {
  initial: number;
  min: number;
  max: number;
  /** The factor the limit is multiplied by on a 429/529, once per round trip (0 < decrease < 1). */
  decrease: number;
}

/**
 * A concurrency limit that learns from the backend's answers: AIMD, gradient and vegas differ
 * only in what a successful answer does to the limit (`afterSuccess`). What they share is
 * written here once: a 429 or 529 multiplies the limit by `decrease` once per round trip
 * (answers to calls sent before the last cut do not cut again), and a `retry-after` pauses every
 * new call until it has passed. Other failures (500s, connection errors) say nothing about load.
 */
export abstract class LimitEgress implements Egress {
  protected limitNow: number;
  private inFlight = 0;
  private lastCutAt = -Infinity;
  private readonly gate: CallGate;
  /** The lowest and highest the limit went, cuts on 429/529 and retry-after pauses (for tests and reports). */
  readonly stats = { lowest: 0, highest: 0, cuts: 0, pauses: 0 };

  constructor(
    protected readonly clock: Clock,
    protected readonly o: LimitOptions,
  ) {
    this.limitNow = Math.min(o.max, Math.max(o.min, o.initial));
    this.stats.lowest = this.stats.highest = this.limitNow;
    this.gate = new CallGate(clock, this.limitNow);
  }

  get limit(): number {
    return this.limitNow;
  }

  /** The limit after a successful answer that took `latencyMs` (sent with `inFlightAtSend` calls in flight); undefined: unchanged. */
  protected abstract afterSuccess(latencyMs: number, now: number, inFlightAtSend: number): number | undefined;

  run(call: EgressCall, reply: Reply<BackendOutcome>): void {
    this.gate.acquire(() => {
      const sentAt = this.clock.now();
      const inFlightAtSend = ++this.inFlight;
      call((err, outcome) => {
        if (err === undefined) this.learn(outcome!, sentAt, inFlightAtSend);
        this.inFlight--;
        this.gate.release();
        reply(err, outcome);
      });
    });
  }

  private learn(o: BackendOutcome, sentAt: number, inFlightAtSend: number): void {
    const now = this.clock.now();
    if (o.ok) {
      const next = this.afterSuccess(now - sentAt, now, inFlightAtSend);
      if (next !== undefined) this.setLimit(next);
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
