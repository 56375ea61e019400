import { describe, expect, it } from 'vitest';
import { Bucket, RateLimiter, rfc3339, UNSET_LIMITS } from './rate-limit.js';

const EPOCH = Date.UTC(2026, 0, 1);

describe('Bucket', () => {
  it('holds a burst of the per-minute limit and refills continuously', () => {
    const b = new Bucket(600, 1000); // 10 per second, 10 at once
    expect(b.capacity).toBe(10);
    b.take(10, 0);
    expect(b.waitMs(1, 0)).toBe(100);
    expect(b.level(250)).toBeCloseTo(2.5);
    expect(b.fullAt(250)).toBe(1000);
  });

  it('never holds less than one, so a 30 RPM limit still admits a request', () => {
    expect(new Bucket(30, 1000).capacity).toBe(1);
  });

  it('lets a cost larger than the whole bucket through once the bucket is full, then runs into debt', () => {
    const b = new Bucket(60_000, 1000); // 1000 tokens at once
    expect(b.waitMs(5000, 0)).toBe(0);
    b.take(5000, 0);
    expect(b.level(0)).toBe(-4000);
    expect(b.waitMs(5000, 0)).toBe(5000); // back to full (1000) takes 5 s
  });
});

describe('RateLimiter', () => {
  it('charges every bucket on admission and nothing on a refusal', () => {
    const r = new RateLimiter({ rpm: 120, itpm: 60_000, burst: 1000 }, EPOCH); // 2 requests, 1000 input tokens at once
    expect(r.admit({ inputTokens: 400, maxTokens: 100 }, 0).ok).toBe(true);
    expect(r.admit({ inputTokens: 700, maxTokens: 100 }, 0)).toMatchObject({ ok: false, limit: 'input-tokens', retryAfterS: 1 });
    expect(r.admit({ inputTokens: 500, maxTokens: 100 }, 0).ok).toBe(true);
    const h = r.headers(0);
    expect(h['anthropic-ratelimit-requests-remaining']).toBe('0');
    expect(h['anthropic-ratelimit-input-tokens-remaining']).toBe('100');
  });

  it('answers a whole-second retry-after covering the wait, at least 1', () => {
    const r = new RateLimiter({ rpm: 6, burst: 10_000 }, EPOCH); // 1 request at once, one per 10 s
    r.admit({ inputTokens: 1, maxTokens: 1 }, 0);
    expect(r.admit({ inputTokens: 1, maxTokens: 1 }, 0)).toMatchObject({ ok: false, limit: 'requests', retryAfterS: 10 });
    expect(r.admit({ inputTokens: 1, maxTokens: 1 }, 9_950)).toMatchObject({ ok: false, retryAfterS: 1 });
    expect(r.admit({ inputTokens: 1, maxTokens: 1 }, 10_000).ok).toBe(true);
  });

  it('writes limit, remaining and an RFC 3339 reset per bucket, and input plus output as tokens-*', () => {
    const r = new RateLimiter({ rpm: 60, itpm: 600_000, otpm: 60_000, burst: 1000 }, EPOCH);
    expect(r.admit({ inputTokens: 1000, maxTokens: 800 }, 0).ok).toBe(true);
    expect(r.headers(0)).toEqual({
      'anthropic-ratelimit-requests-limit': '60',
      'anthropic-ratelimit-requests-remaining': '0',
      'anthropic-ratelimit-requests-reset': '2026-01-01T00:00:01Z',
      'anthropic-ratelimit-input-tokens-limit': '600000',
      'anthropic-ratelimit-input-tokens-remaining': '9000',
      'anthropic-ratelimit-input-tokens-reset': '2026-01-01T00:00:01Z',
      'anthropic-ratelimit-output-tokens-limit': '60000',
      'anthropic-ratelimit-output-tokens-remaining': '200',
      'anthropic-ratelimit-output-tokens-reset': '2026-01-01T00:00:01Z',
      'anthropic-ratelimit-tokens-limit': '660000',
      'anthropic-ratelimit-tokens-remaining': '9200',
      'anthropic-ratelimit-tokens-reset': '2026-01-01T00:00:01Z',
    });
  });

  it('reserves max_tokens of output and gives back what the answer did not use', () => {
    const r = new RateLimiter({ otpm: 60_000, burst: 1000 }, EPOCH);
    const d = r.admit({ inputTokens: 1, maxTokens: 800 }, 0);
    expect(d).toMatchObject({ ok: true, reservedOutput: 800 });
    r.settle(800, 150, 0);
    expect(r.headers(0)['anthropic-ratelimit-output-tokens-remaining']).toBe('850'); // 1000 - 800 + 650
  });

  it('writes all four header families with generous limits when none is set, and never refuses on them', () => {
    const r = new RateLimiter({ burst: 1000 }, EPOCH);
    for (let k = 0; k < 1000; k++) expect(r.admit({ inputTokens: 50_000, maxTokens: 4096 }, 0).ok).toBe(true);
    const h = r.headers(0);
    expect(h['anthropic-ratelimit-requests-limit']).toBe(String(UNSET_LIMITS.requests));
    expect(h['anthropic-ratelimit-requests-remaining']).toBe(String(UNSET_LIMITS.requests - 1000));
    expect(h['anthropic-ratelimit-input-tokens-remaining']).toBe(String(UNSET_LIMITS['input-tokens'] - 50_000_000));
    expect(h['anthropic-ratelimit-tokens-limit']).toBe(String(UNSET_LIMITS['input-tokens'] + UNSET_LIMITS['output-tokens']));
    for (const family of ['requests', 'tokens', 'input-tokens', 'output-tokens'])
      for (const part of ['limit', 'remaining', 'reset']) expect(h[`anthropic-ratelimit-${family}-${part}`]).toBeDefined();
  });

  it('gives back every charge of a call refused after admission (an overloaded answer costs no rate limit)', () => {
    const r = new RateLimiter({ rpm: 60, itpm: 60_000, otpm: 60_000, burst: 1000 }, EPOCH);
    const before = r.headers(0);
    const call = { inputTokens: 300, maxTokens: 200 };
    expect(r.admit(call, 0).ok).toBe(true);
    r.refund(call, 0);
    expect(r.headers(0)).toEqual(before);
    expect(r.admit(call, 0).ok).toBe(true); // the one request a second is still there
  });

  it('says which limit in the message, as the API does', () => {
    expect(new RateLimiter({ rpm: 50, burst: 1000 }, EPOCH).message('requests')).toContain('rate limit of 50 requests per minute');
  });
});

describe('rfc3339', () => {
  it('rounds up to the whole second, in UTC', () => {
    expect(rfc3339(EPOCH + 1)).toBe('2026-01-01T00:00:01Z');
    expect(rfc3339(EPOCH)).toBe('2026-01-01T00:00:00Z');
  });
});
