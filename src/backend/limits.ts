import { BackendCapacity } from './capacity.js';
import type { OpenFaults, RateLimitsOverride } from '../fault/index.js';
import { epochMsOf, RateLimiter, type Epoch, type RateLimitConfig } from './rate-limit.js';
import type { CacheTokens } from './pricing.js';
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
  private readonly ownLimits: RateLimitConfig;
  /** When the limits may change (the edges of `backend-rate-limit` windows), in order; empty when no fault changes them. */
  private readonly edges: number[];
  private checkedUpTo = -Infinity;
  private retunedFor: RateLimitsOverride | undefined;

  constructor(
    config: LimitsConfig,
    private readonly epoch: Epoch,
    private readonly faults?: OpenFaults,
  ) {
    this.ownLimits = config.rateLimits ?? { burst: DEFAULT_BURST_MS };
    // Always a limiter: a limit that is not set is still reported, generously, on every answer.
    this.rate = new RateLimiter(this.ownLimits, epoch);
    this.edges = faults?.rateLimitEdges() ?? [];
    this.capacity = new BackendCapacity(config.capacity ?? Infinity);
    this.spend = new SpendMeter(config.spendLimit, config.model);
  }

  /**
   * The rate limiter in force at `now`: the scenario's limits, or those an open
   * `backend-rate-limit` fault imposes. Retuned at each window edge passed since the last call,
   * at the edge's own time, so a bucket refills at the right rate on each side of it.
   */
  private rateAt(now: number): RateLimiter {
    if (this.edges.length === 0) return this.rate;
    // A live clock is set back to 0 when the traffic starts: replay the edges from there.
    if (now < this.checkedUpTo) this.checkedUpTo = -Infinity;
    for (const edge of this.edges) if (edge > this.checkedUpTo && edge <= now) this.retune(this.faults!.rateLimits(edge), edge);
    this.checkedUpTo = now;
    return this.rate;
  }

  private retune(override: RateLimitsOverride | undefined, at: number): void {
    if (override === this.retunedFor || (override && this.retunedFor && sameLimits(override, this.retunedFor))) return;
    this.retunedFor = override;
    const { rpm, itpm, otpm } = this.ownLimits;
    this.rate.retune({ rpm, itpm, otpm, ...override }, at);
  }

  /** In progress right now, and the most ever at once. */
  get busy(): { now: number; peak: number } {
    return { now: this.capacity.busy, peak: this.capacity.peak };
  }

  headers(now: number): Record<string, string> {
    return this.rateAt(now).headers(now);
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
    const rate = this.rateAt(now);
    const r = rate.admit(call, now);
    if (!r.ok)
      return {
        ok: false,
        status: 429,
        headers: { ...r.headers, 'retry-after': String(r.retryAfterS), 'x-should-retry': 'true' },
        message: rate.message(r.limit),
      };
    if (!this.capacity.tryEnter()) {
      // "Not you, us": an overloaded answer costs the caller no rate limit.
      rate.refund(call, now);
      return { ok: false, status: 529, headers: { ...this.headers(now), 'x-should-retry': 'true' }, message: 'Overloaded' };
    }
    return r;
  }

  /** An admitted call ended (answered, failed mid-stream or abandoned): frees its slot, corrects its output charge. */
  release(reservedOutput: number, usedOutput: number, now: number): void {
    this.capacity.leave();
    this.rate.settle(reservedOutput, usedOutput, now);
  }

  /** Adds a successful answer's estimated cost to the spend (its prompt-cache tokens at their own prices). */
  charge(inputTokens: number, outputTokens: number, cache?: CacheTokens): void {
    this.spend.add(inputTokens, outputTokens, cache);
  }
}

/** The scenario's default burst (`backend.rateLimits.burst`), for limits only a fault sets. */
const DEFAULT_BURST_MS = 1_000;

function sameLimits(a: RateLimitsOverride, b: RateLimitsOverride): boolean {
  return a.rpm === b.rpm && a.itpm === b.itpm && a.otpm === b.otpm;
}
