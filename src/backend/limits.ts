import { BackendCapacity } from './capacity.js';
import { epochMsOf, RateLimiter, type Epoch, type RateLimitConfig } from './rate-limit.js';
import { SpendMeter, type SpendLimitConfig } from './spend-limit.js';

export interface LimitsConfig {
  rateLimits?: RateLimitConfig;
  /** Calls in progress at once before 529 `overloaded_error`. */
  capacity?: number;
  spendLimit?: SpendLimitConfig;
  model: string;
}

/** Admitted: a capacity slot is held until `release`. Refused: the status, headers and message to answer with. */
export type LimitDecision =
  { ok: true; reservedOutput: number } | { ok: false; status: number; headers: Record<string, string>; message: string; errorCode?: string };

/**
 * The gate in front of the mock's work, in the order the API applies them: the workspace spend
 * limit, then the per-minute rate limits (429 + `retry-after`), then the backend's own capacity
 * (529, which charges no rate limit). Rate-limit headers go on every answer.
 */
export class BackendLimits {
  private readonly rate: RateLimiter;
  private readonly capacity: BackendCapacity;
  private readonly spend: SpendMeter;

  constructor(
    config: LimitsConfig,
    private readonly epoch: Epoch,
  ) {
    this.rate = new RateLimiter(config.rateLimits, epoch);
    this.capacity = new BackendCapacity(config.capacity ?? Infinity);
    this.spend = new SpendMeter(config.spendLimit, config.model);
  }

  /** In progress right now, and the most ever at once. */
  get busy(): { now: number; peak: number } {
    return { now: this.capacity.busy, peak: this.capacity.peak };
  }

  headers(now: number): Record<string, string> {
    return this.rate.headers(now);
  }

  admit(call: { inputTokens: number; maxTokens: number }, now: number): LimitDecision {
    if (this.spend.exhausted) {
      return {
        ok: false,
        status: this.spend.status,
        headers: { ...this.headers(now), 'x-should-retry': 'false' },
        message: this.spend.message(epochMsOf(this.epoch) + now),
        errorCode: this.spend.errorCode,
      };
    }
    const r = this.rate.admit(call, now);
    if (!r.ok)
      return {
        ok: false,
        status: 429,
        headers: { ...r.headers, 'retry-after': String(r.retryAfterS), 'x-should-retry': 'true' },
        message: this.rate.message(r.limit),
      };
    if (!this.capacity.tryEnter()) {
      // "Not you, us": an overloaded answer costs the caller no rate limit.
      this.rate.refund(call, now);
      return { ok: false, status: 529, headers: { ...this.headers(now), 'x-should-retry': 'true' }, message: 'Overloaded' };
    }
    return r;
  }

  /** An admitted call ended (answered, failed mid-stream or abandoned): frees its slot, corrects its output charge. */
  release(reservedOutput: number, usedOutput: number, now: number): void {
    this.capacity.leave();
    this.rate.settle(reservedOutput, usedOutput, now);
  }

  /** Adds a successful answer's estimated cost to the spend. */
  charge(inputTokens: number, outputTokens: number): void {
    this.spend.add(inputTokens, outputTokens);
  }
}
