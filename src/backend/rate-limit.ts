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

/** What the limiter decided for one call: when refused, the headers and how long to wait (an admitted call's headers are read when its answer goes out). */
export type RateDecision = { ok: true; reservedOutput: number } | { ok: false; headers: Record<string, string>; retryAfterS: number; limit: string };

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

  /** The level at `now` without moving the bucket's own time: what the headers read, whenever they are read. */
  peek(now: number): number {
    return Math.min(this.capacity, this.tokens + (Math.max(0, now - this.at) * this.perMinute) / MINUTE_MS);
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
    return now + ((this.capacity - this.peek(now)) * MINUTE_MS) / this.perMinute;
  }
}

type Kind = 'requests' | 'input-tokens' | 'output-tokens';

/** Wall-clock ms at the clock's origin, or how to read it when the origin can move (a rebased clock). */
export type Epoch = number | (() => number);

export function epochMsOf(epoch: Epoch): number {
  return typeof epoch === 'number' ? epoch : epoch();
}

/**
 * What the headers say for a limit the scenario does not set: generous, and never enforced, so
 * a client that paces itself on `anthropic-ratelimit-*` finds every header it reads.
 */
export const UNSET_LIMITS: Readonly<Record<Kind, number>> = { requests: 100_000, 'input-tokens': 100_000_000, 'output-tokens': 20_000_000 };

/**
 * Requests, input-token and output-token limits, answered the way the Claude API answers them:
 * all four `anthropic-ratelimit-<kind>-limit|remaining|reset` families on every answer (reset in
 * RFC 3339), `tokens-*` as input and output combined, and a whole-second `retry-after` on a 429.
 * A limit the scenario leaves unset is tracked for its headers (UNSET_LIMITS) but never refuses.
 * `epoch` maps the clock's origin to wall time for the reset stamps.
 */
export class RateLimiter {
  private readonly buckets: Record<Kind, Bucket> = {
    requests: unsetBucket('requests'),
    'input-tokens': unsetBucket('input-tokens'),
    'output-tokens': unsetBucket('output-tokens'),
  };
  private readonly enforced = new Set<Kind>();

  constructor(
    private readonly config: RateLimitConfig,
    private readonly epoch: Epoch,
  ) {
    this.retune(config, 0);
  }

  /**
   * The limits in force from `now` (a `backend-rate-limit` fault opening or closing): a bucket
   * whose limit changed keeps what it holds, capped at its new size; a newly limited kind starts
   * full; a kind no longer limited is reported generously again (UNSET_LIMITS), never enforced.
   */
  retune(limits: Pick<RateLimitConfig, 'rpm' | 'itpm' | 'otpm'>, now: number): void {
    const wanted: Record<Kind, number | undefined> = { requests: limits.rpm, 'input-tokens': limits.itpm, 'output-tokens': limits.otpm };
    for (const [kind, perMinute] of Object.entries(wanted) as [Kind, number | undefined][]) {
      const limited = this.enforced.has(kind);
      if (!perMinute) {
        if (limited) this.buckets[kind] = unsetBucket(kind);
        this.enforced.delete(kind);
      } else if (limited) this.buckets[kind].retune(perMinute, now);
      else {
        this.buckets[kind] = new Bucket(perMinute, this.config.burst);
        this.enforced.add(kind);
      }
    }
  }

  /** Charges the call if every enforced bucket has room; otherwise charges nothing and says how long to wait. */
  admit(call: { inputTokens: number; maxTokens: number }, now: number): RateDecision {
    let waitMs = 0;
    let limit = '';
    for (const kind of this.enforced) {
      const w = this.buckets[kind].waitMs(costOf(kind, call), now);
      if (w > waitMs) {
        waitMs = w;
        limit = kind;
      }
    }
    if (waitMs > 0) return { ok: false, headers: this.headers(now), retryAfterS: Math.max(1, Math.ceil(waitMs / 1000)), limit };
    for (const kind of KINDS) this.buckets[kind].take(costOf(kind, call), now);
    return { ok: true, reservedOutput: call.maxTokens };
  }

  /** Corrects the output-token reservation to what the answer really produced. */
  settle(reservedOutput: number, usedOutput: number, now: number): void {
    if (reservedOutput > usedOutput) this.buckets['output-tokens'].refund(reservedOutput - usedOutput, now);
  }

  /** Gives back everything an admitted call was charged: it was refused after all (529 overloaded), which costs no rate limit. */
  refund(call: { inputTokens: number; maxTokens: number }, now: number): void {
    for (const kind of KINDS) this.buckets[kind].refund(costOf(kind, call), now);
  }

  /** A human message naming the limit, in the API's wording. */
  message(limit: string): string {
    const b = this.buckets[limit as Kind];
    const what = limit === 'requests' ? 'requests' : limit.replace('-', ' ');
    return `This request would exceed your organization's rate limit of ${b?.perMinute ?? '?'} ${what} per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please try again later.`;
  }

  headers(now: number): Record<string, string> {
    const epochMs = epochMsOf(this.epoch);
    const h: Record<string, string> = {};
    for (const kind of KINDS) {
      const b = this.buckets[kind];
      writeFamily(h, kind, b.perMinute, b.peek(now), b.fullAt(now), epochMs);
    }
    // tokens-* is input and output together, as the API reports it (limit 80,000 + 16,000 = 96,000):
    // full again when both are.
    const [input, output] = [this.buckets['input-tokens'], this.buckets['output-tokens']];
    const remaining = wholeLeft(input.peek(now)) + wholeLeft(output.peek(now));
    writeFamily(h, 'tokens', input.perMinute + output.perMinute, remaining, Math.max(input.fullAt(now), output.fullAt(now)), epochMs);
    return h;
  }
}

/** An unset limit's bucket holds a whole minute, so its remaining reads as its limit at rest. */
function unsetBucket(kind: Kind): Bucket {
  return new Bucket(UNSET_LIMITS[kind], MINUTE_MS);
}

type Family = Kind | 'tokens';

/** Header names per family, built once: every answer carries twelve of them. */
const NAMES = Object.fromEntries(
  (['requests', 'tokens', 'input-tokens', 'output-tokens'] as const).map((f) => {
    const p = `anthropic-ratelimit-${f}`;
    return [f, { limit: `${p}-limit`, remaining: `${p}-remaining`, reset: `${p}-reset` }];
  }),
) as Record<Family, { limit: string; remaining: string; reset: string }>;

function writeFamily(h: Record<string, string>, family: Family, limit: number, level: number, fullAt: number, epochMs: number): void {
  const n = NAMES[family];
  h[n.limit] = String(limit);
  h[n.remaining] = String(wholeLeft(level));
  h[n.reset] = rfc3339(epochMs + fullAt);
}

/** What a bucket has left, as the headers say it: whole, never negative (a bucket in debt has nothing left). */
function wholeLeft(level: number): number {
  return Math.max(0, Math.floor(level));
}

/** RFC 3339 in UTC, rounded up to the second, as the API writes it ("2026-11-22T19:13:52Z"). */
export function rfc3339(epochMs: number): string {
  const second = Math.ceil(epochMs / 1000);
  // Every answer carries four stamps, and a burst of answers shares a few seconds: format each once.
  let text = stamps.get(second);
  if (text === undefined) {
    if (stamps.size >= 64) stamps.clear();
    text = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
    stamps.set(second, text);
  }
  return text;
}

const stamps = new Map<number, string>();

/** Every kind, in the order the headers list them. */
const KINDS: readonly Kind[] = ['requests', 'input-tokens', 'output-tokens'];

/** What one call costs a kind's bucket when it starts (output tokens: max_tokens, corrected at the end). */
function costOf(kind: Kind, call: { inputTokens: number; maxTokens: number }): number {
  return kind === 'requests' ? 1 : kind === 'input-tokens' ? call.inputTokens : call.maxTokens;
}
