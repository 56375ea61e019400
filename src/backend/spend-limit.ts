import { costOf, pricesOf, type CacheTokens } from './pricing.js';

/** A workspace spend limit: once the estimated spend reaches `usd`, every call is refused. */
export interface SpendLimitConfig {
  usd: number;
  /**
   * 429 `rate_limit_error` without `retry-after` and with `error.details.error_code:
   * enforced_spend_limit_reached` (the API tier's monthly cap; the SDK raises
   * EnforcedSpendLimitReachedError), or 400 `invalid_request_error` without an error code (a spend
   * limit the organization or workspace set itself). Either way the answer carries
   * `x-should-retry: false`.
   */
  status: 429 | 400;
}

/**
 * Tracks the estimated spend of successful answers. The refusal is permanent for the run: a
 * retry cannot succeed, so callers (the SDK through `x-should-retry: false`, the worker because
 * a 429 without `retry-after` is not a rate limit) must not retry it.
 */
export class SpendMeter {
  private spentUsd = 0;
  // Looked up once: the meter adds every successful answer, thousands a second in virtual time.
  private readonly prices: readonly [number, number];

  constructor(
    private readonly limit: SpendLimitConfig | undefined,
    model: string,
  ) {
    this.prices = pricesOf(model);
  }

  get exhausted(): boolean {
    return this.limit !== undefined && this.spentUsd >= this.limit.usd;
  }

  get status(): number {
    return this.limit?.status ?? 429;
  }

  /** `error.details.error_code` of the refusal, as the API documents it: only the 429 has one. */
  get errorCode(): string | undefined {
    return this.status === 429 ? 'enforced_spend_limit_reached' : undefined;
  }

  add(inputTokens: number, outputTokens: number, cache?: CacheTokens): void {
    this.spentUsd += costOf(this.prices, inputTokens, outputTokens, cache);
  }

  /** The API's wording, with the first day of next month (UTC) as the day access returns. */
  message(epochMs: number): string {
    const d = new Date(epochMs);
    const next = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
    return `You have reached your specified API usage limits. You will regain access on ${next} at 00:00 UTC.`;
  }
}
