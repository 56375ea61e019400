import { describe, expect, it } from 'vitest';
import { sdkRetryDelayMs, sdkShouldRetry } from './sdk-retry.js';

const fixed = (x: number) => ({ next: () => x });

describe('sdkShouldRetry (the SDK rule)', () => {
  it('obeys x-should-retry first', () => {
    expect(sdkShouldRetry(429, { 'x-should-retry': 'false' })).toBe(false);
    expect(sdkShouldRetry(400, { 'x-should-retry': 'true' })).toBe(true);
  });

  it('otherwise retries 408, 409, 429 and 5xx (529 included), nothing else', () => {
    expect([408, 409, 429, 500, 503, 529].map((s) => sdkShouldRetry(s, {}))).toEqual([true, true, true, true, true, true]);
    expect([400, 401, 403, 404, 413].map((s) => sdkShouldRetry(s, {}))).toEqual([false, false, false, false, false]);
  });
});

describe('sdkRetryDelayMs (the SDK rule)', () => {
  it('prefers retry-after-ms, then retry-after in seconds or as an HTTP date', () => {
    expect(sdkRetryDelayMs({ 'retry-after-ms': '250', 'retry-after': '9' }, 0, fixed(0), 0)).toBe(250);
    expect(sdkRetryDelayMs({ 'retry-after': '2' }, 0, fixed(0), 0)).toBe(2000);
    expect(sdkRetryDelayMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }, 0, fixed(0), Date.UTC(2026, 0, 1))).toBe(3000);
  });

  it('falls back to 0.5 s doubling per retry, capped at 8 s, less up to 25% jitter', () => {
    expect(sdkRetryDelayMs({}, 0, fixed(0), 0)).toBe(500);
    expect(sdkRetryDelayMs({}, 2, fixed(0), 0)).toBe(2000);
    expect(sdkRetryDelayMs({}, 6, fixed(0), 0)).toBe(8000);
    expect(sdkRetryDelayMs({}, 0, fixed(0.99999), 0)).toBeCloseTo(375, 0);
    expect(sdkRetryDelayMs({ 'retry-after': '0' }, 1, fixed(0), 0)).toBe(1000); // a non-positive hint is ignored
  });
});
