import type { BackendOutcome } from '../backend/index.js';
import type { Clock, Reply } from '../time/index.js';
import type { Egress, EgressCall } from './egress.js';

/** Floating-point slack so a refill of 0.9999999 tokens still counts as one. */
const EPSILON = 1e-9;

/**
 * Token-bucket pacing: at most `rate` backend calls per second, up to `burst` at once after a
 * quiet spell. It does not learn: it is the right tool when the backend's limit is known and
 * fixed, and the wrong one when the backend's capacity moves.
 */
export class TokenBucketEgress implements Egress {
  private tokens: number;
  private at: number;
  private readonly waiting: (() => void)[] = [];
  private timer: (() => void) | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly rate: number,
    private readonly burst = 1,
  ) {
    this.tokens = burst;
    this.at = clock.now();
  }

  run(call: EgressCall, reply: Reply<BackendOutcome>): void {
    this.take(() => call(reply));
  }

  private take(go: () => void): void {
    this.refill();
    if (this.waiting.length === 0 && this.tokens >= 1 - EPSILON) {
      this.tokens -= 1;
      return go();
    }
    this.waiting.push(go);
    this.schedule();
  }

  private refill(): void {
    const now = this.clock.now();
    // Never negative: a live run's clock is set back to 0 when its traffic starts (RealClock.rebase).
    this.tokens = Math.min(this.burst, this.tokens + (Math.max(0, now - this.at) * this.rate) / 1000);
    this.at = now;
  }

  private schedule(): void {
    if (this.timer || this.waiting.length === 0) return;
    const waitMs = Math.max(0, ((1 - this.tokens) * 1000) / this.rate);
    this.timer = this.clock.setTimer(waitMs, () => {
      this.timer = undefined;
      this.refill();
      while (this.waiting.length && this.tokens >= 1 - EPSILON) {
        this.tokens -= 1;
        this.waiting.shift()!();
      }
      this.schedule();
    });
  }
}
