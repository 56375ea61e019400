/** The Claude API's per-minute limits, as the mock enforces them. Any subset may be set. */
export interface RateLimitConfig {
  /** Requests per minute. */
  rpm?: number;
  /** Input tokens per minute, charged when a call starts. */
  itpm?: number;
  /** Output tokens per minute: max_tokens reserved when a call starts, corrected to the real count at its end. */
  otpm?: number;
  /** How much of a minute's allowance may be spent at once (ms): each bucket holds `limit × burst / 60 s`. */
  burst: number;
}

/** What the limiter decided for one call: the headers always, and when refused, how long to wait. */
export type RateDecision =
  { ok: true; headers: Record<string, string>; reservedOutput: number } | { ok: false; headers: Record<string, string>; retryAfterS: number; limit: string };

const MINUTE_MS = 60_000;

/**
 * A continuously refilled token bucket, as the API documents its limits: capacity comes back
 * gradually rather than resetting at a minute boundary, and a short burst can trip a per-minute
 * limit. A cost larger than the whole bucket passes once the bucket is full (then runs into debt),
 * so one big prompt is slow, never impossible.
 */
export class Bucket {
  private tokens: number;
  private at = 0;
  capacity: number;

  constructor(
    public perMinute: number,
    private readonly burstMs: number,
  ) {
    this.capacity = Math.max(1, (perMinute * burstMs) / MINUTE_MS);
    this.tokens = this.capacity;
  }

  /** A new per-minute limit from `now` (a tier change): refilled at the old rate until now, then what it holds is capped at the new size. */
  retune(perMinute: number, now: number): void {
    if (perMinute === this.perMinute) return;
    this.level(now);
    this.perMinute = perMinute;
    this.capacity = Math.max(1, (perMinute * this.burstMs) / MINUTE_MS);
    this.tokens = Math.min(this.tokens, this.capacity);
  }

  level(now: number): number {
    // Never negative: a live run's clock is set back to 0 when its traffic starts (RealClock.rebase).
    this.tokens = Math.min(this.capacity, this.tokens + (Math.max(0, now - this.at) * this.perMinute) / MINUTE_MS);
    this.at = now;
    return this.tokens;
  }

  /** Milliseconds until `cost` would pass (0 if it passes now). */
  waitMs(cost: number, now: number): number {
    const need = Math.min(cost, this.capacity) - this.level(now);
    return need <= 0 ? 0 : (need * MINUTE_MS) / this.perMinute;
  }

  take(cost: number, now: number): void {
    this.level(now);
    this.tokens -= cost;
  }

  /** Gives back tokens reserved and not used (never above capacity). */
  refund(amount: number, now: number): void {
    this.level(now);
    this.tokens = Math.min(this.capacity, this.tokens + amount);
  }

  /** When the bucket is full again (ms on the caller's clock). */
  fullAt(now: number): number {
    return now + ((this.capacity - this.level(now)) * MINUTE_MS) / this.perMinute;
  }
}

type Kind = 'requests' | 'input-tokens' | 'output-tokens';

/**
 * Requests, input-token and output-token limits, answered the way the Claude API answers them:
 * `anthropic-ratelimit-<kind>-limit|remaining|reset` on every answer (reset in RFC 3339), the
 * most restrictive token bucket also as `anthropic-ratelimit-tokens-*`, and a whole-second
 * `retry-after` on a 429. `epochMs` maps the clock's origin to wall time for the reset stamps.
 */
export class RateLimiter {
  private readonly buckets: Partial<Record<Kind, Bucket>> = {};

  constructor(
    private readonly config: RateLimitConfig,
    private readonly epochMs: number,
  ) {
    this.retune(config, 0);
  }

  /**
   * The limits in force from `now` (a `backend-rate-limit` fault opening or closing): a bucket
   * whose limit changed keeps what it holds, capped at its new size; a new kind starts full; a
   * kind no longer limited is dropped (and its headers with it).
   */
  retune(limits: Pick<RateLimitConfig, 'rpm' | 'itpm' | 'otpm'>, now: number): void {
    const wanted: Record<Kind, number | undefined> = { requests: limits.rpm, 'input-tokens': limits.itpm, 'output-tokens': limits.otpm };
    for (const [kind, perMinute] of Object.entries(wanted) as [Kind, number | undefined][]) {
      const b = this.buckets[kind];
      if (!perMinute) delete this.buckets[kind];
      else if (b) b.retune(perMinute, now);
      else this.buckets[kind] = new Bucket(perMinute, this.config.burst);
    }
  }

  /** Charges the call if every bucket has room; otherwise charges nothing and says how long to wait. */
  admit(call: { inputTokens: number; maxTokens: number }, now: number): RateDecision {
    const costs: Record<Kind, number> = { requests: 1, 'input-tokens': call.inputTokens, 'output-tokens': call.maxTokens };
    let waitMs = 0;
    let limit = '';
    for (const [kind, b] of this.entries()) {
      const w = b.waitMs(costs[kind], now);
      if (w > waitMs) [waitMs, limit] = [w, kind];
    }
    if (waitMs > 0) return { ok: false, headers: this.headers(now), retryAfterS: Math.max(1, Math.ceil(waitMs / 1000)), limit };
    for (const [kind, b] of this.entries()) b.take(costs[kind], now);
    return { ok: true, headers: this.headers(now), reservedOutput: this.buckets['output-tokens'] ? call.maxTokens : 0 };
  }

  /** Corrects the output-token reservation to what the answer really produced. */
  settle(reservedOutput: number, usedOutput: number, now: number): void {
    const b = this.buckets['output-tokens'];
    if (b && reservedOutput > usedOutput) b.refund(reservedOutput - usedOutput, now);
  }

  /** A human message naming the limit, in the API's wording. */
  message(limit: string): string {
    const b = this.buckets[limit as Kind];
    const what = limit === 'requests' ? 'requests' : limit.replace('-', ' ');
    return `This request would exceed your organization's rate limit of ${b?.perMinute ?? '?'} ${what} per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please try again later.`;
  }

  headers(now: number): Record<string, string> {
    const h: Record<string, string> = {};
    let tightest: [Bucket, number] | undefined;
    for (const [kind, b] of this.entries()) {
      Object.assign(h, bucketHeaders(kind, b, now, this.epochMs));
      if (kind === 'requests') continue;
      const share = b.level(now) / b.capacity;
      if (!tightest || share < tightest[1]) tightest = [b, share];
    }
    if (tightest) Object.assign(h, bucketHeaders('tokens', tightest[0], now, this.epochMs));
    return h;
  }

  private entries(): [Kind, Bucket][] {
    return Object.entries(this.buckets) as [Kind, Bucket][];
  }
}

function bucketHeaders(kind: string, b: Bucket, now: number, epochMs: number): Record<string, string> {
  const p = `anthropic-ratelimit-${kind}`;
  return {
    [`${p}-limit`]: String(b.perMinute),
    [`${p}-remaining`]: String(Math.max(0, Math.floor(b.level(now)))),
    [`${p}-reset`]: rfc3339(epochMs + b.fullAt(now)),
  };
}

/** RFC 3339 in UTC, rounded up to the second, as the API writes it ("2026-11-22T19:13:52Z"). */
export function rfc3339(epochMs: number): string {
  return new Date(Math.ceil(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
