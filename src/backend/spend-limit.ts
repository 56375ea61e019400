import { estimateCostUsd } from './pricing.js';

/** A workspace spend limit: once the estimated spend reaches `usd`, every call is refused. */
export interface SpendLimitConfig {
  usd: number;
  /**
   * 429 `rate_limit_error` without `retry-after` (what this issue asks the tooling to survive), or
   * 400 `invalid_request_error`, which is what the real API has been seen to answer for a
   * workspace usage limit. Either way the answer carries `x-should-retry: false`.
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

  constructor(
    private readonly limit: SpendLimitConfig | undefined,
    private readonly model: string,
  ) {}

  get exhausted(): boolean {
    return this.limit !== undefined && this.spentUsd >= this.limit.usd;
  }

  get status(): number {
    return this.limit?.status ?? 429;
  }

  add(inputTokens: number, outputTokens: number): void {
    this.spentUsd += estimateCostUsd(this.model, inputTokens, outputTokens);
  }

  /** The API's wording, with the first day of next month (UTC) as the day access returns. */
  message(epochMs: number): string {
    const d = new Date(epochMs);
    const next = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
    return `You have reached your specified API usage limits. You will regain access on ${next} at 00:00 UTC.`;
  }
}
