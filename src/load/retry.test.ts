import { describe, expect, it } from 'vitest';
import type { RetryConfig } from './retry-schema.js';
import { RetryPolicy } from './retry.js';
import type { ClientAnswer } from './transport.js';

const fixed = (x: number) => ({ next: () => x });
const config = (c: Partial<RetryConfig>): RetryConfig => ({ policy: 'honor-retry-after', maxAttempts: 3, budget: 1, baseDelay: 100, maxDelay: 10_000, ...c });
const shed: ClientAnswer = { kind: 'status', status: 429, retryAfterS: 2 };
const refused: ClientAnswer = { kind: 'status', status: 503 };
const rejected: ClientAnswer = { kind: 'status', status: 400 };
const accepted: ClientAnswer = { kind: 'status', status: 202 };

function started(p: RetryPolicy, n = 1): RetryPolicy {
  for (let i = 0; i < n; i++) p.onRequestStarted();
  return p;
}

describe('RetryPolicy', () => {
  it('none never retries; nobody retries an accepted request or past maxAttempts', () => {
    expect(started(new RetryPolicy(config({ policy: 'none' }), fixed(0))).nextDelay(shed, 1)).toBeUndefined();
    const p = started(new RetryPolicy(config({}), fixed(0)), 5);
    expect(p.nextDelay(accepted, 1)).toBeUndefined();
    expect(p.nextDelay(shed, 3)).toBeUndefined();
  });

  it('honor-retry-after waits the hint plus up to 50% jitter, capped at maxDelay', () => {
    expect(started(new RetryPolicy(config({}), fixed(0))).nextDelay(shed, 1)).toBe(2000);
    expect(started(new RetryPolicy(config({}), fixed(0.5))).nextDelay(shed, 1)).toBe(2500);
    expect(started(new RetryPolicy(config({ maxDelay: 1500 }), fixed(0.5))).nextDelay(shed, 1)).toBe(1500);
  });

  it('without a hint: full-jitter exponential backoff from baseDelay', () => {
    const p = started(new RetryPolicy(config({}), fixed(1 - 1e-9)), 3);
    expect(p.nextDelay(refused, 1)).toBeCloseTo(100, 3);
    expect(p.nextDelay(refused, 2)).toBeCloseTo(200, 3);
  });

  it('a 4xx other than a shed, and a timeout, are not retried by a careful client; a naive one resends at once', () => {
    const careful = started(new RetryPolicy(config({}), fixed(0)), 5);
    expect(careful.nextDelay(rejected, 1)).toBeUndefined();
    expect(careful.nextDelay({ kind: 'timeout' }, 1)).toBeUndefined();
    expect(careful.nextDelay({ kind: 'network', code: 'ECONNRESET' }, 1)).toBe(0);
    const naive = new RetryPolicy(config({ policy: 'naive', budget: 0 }), fixed(0));
    expect(naive.nextDelay({ kind: 'timeout' }, 1)).toBe(0);
    expect(naive.nextDelay(rejected, 2)).toBe(0);
  });

  it('the budget is shared: retries at most budget × requests started', () => {
    const p = new RetryPolicy(config({ budget: 0.5, maxAttempts: 10 }), fixed(0));
    started(p, 4); // 2 retries earned
    expect([p.nextDelay(shed, 1), p.nextDelay(shed, 1), p.nextDelay(shed, 1)]).toEqual([2000, 2000, undefined]);
    started(p, 2);
    expect(p.nextDelay(shed, 1)).toBe(2000);
  });
});
