import { describe, expect, it } from 'vitest';
import { headerLookup, leastWait, retryAfterMs, shouldRetryHint } from './retry-hints.js';

const h = (headers: Record<string, string | string[]>) => headerLookup(headers);

describe('retryAfterMs: one parser for every client', () => {
  it('retry-after-ms wins when positive; else delta-seconds, 0 being no hint', () => {
    expect(retryAfterMs(h({ 'retry-after-ms': '1500', 'retry-after': '9' }))).toBe(1500);
    expect(retryAfterMs(h({ 'retry-after-ms': '0', 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterMs(h({ 'retry-after': '2.5' }))).toBe(2500);
    expect(retryAfterMs(h({ 'retry-after': ' 3 ' }))).toBe(3000);
    expect(retryAfterMs(h({ 'retry-after': '0' }))).toBeUndefined();
    expect(retryAfterMs(h({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(h({}))).toBeUndefined();
  });

  it("reads an HTTP-date against the answer's Date header, else the caller's now, else says 'come back' (0)", () => {
    const date = 'Sun, 29 Nov 2026 10:00:00 GMT';
    const at = 'Sun, 29 Nov 2026 10:00:07 GMT';
    expect(retryAfterMs(h({ date, 'retry-after': at }))).toBe(7000);
    expect(retryAfterMs(h({ 'retry-after': at }), Date.parse(date) + 2000)).toBe(5000);
    expect(retryAfterMs(h({ 'retry-after': at }))).toBe(0);
    expect(retryAfterMs(h({ date, 'retry-after': 'Sun, 29 Nov 2026 09:59:00 GMT' }))).toBe(-60_000);
  });

  it('raw Node headers: the first value counts', () => {
    expect(retryAfterMs(h({ 'retry-after': ['4', '9'] }))).toBe(4000);
  });

  it('leastWait: a past or unreadable date still means one second', () => {
    expect([leastWait(undefined), leastWait(-5), leastWait(0), leastWait(250)]).toEqual([undefined, 1000, 1000, 250]);
  });
});

describe('shouldRetryHint', () => {
  it('true or false when the server says so, nothing otherwise', () => {
    expect(shouldRetryHint(h({ 'x-should-retry': 'true' }))).toBe(true);
    expect(shouldRetryHint(h({ 'x-should-retry': 'false' }))).toBe(false);
    expect(shouldRetryHint(h({ 'x-should-retry': 'maybe' }))).toBeUndefined();
    expect(shouldRetryHint(h({}))).toBeUndefined();
  });
});
