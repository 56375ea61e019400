import { describe, expect, it } from 'vitest';
import { isServiceSideError, parseRetryAfter } from './transport.js';

describe('parseRetryAfter (RFC 9110: delay-seconds or an HTTP-date)', () => {
  const now = Date.UTC(2026, 10, 29, 12, 0, 0);
  it('reads seconds, and refuses zero, negatives and junk', () => {
    expect(parseRetryAfter('3', now)).toBe(3);
    expect(parseRetryAfter('0.5', now)).toBe(0.5);
    expect(parseRetryAfter('0', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
  it('reads an HTTP-date as the seconds until it; a past date is still guidance', () => {
    expect(parseRetryAfter('Sun, 29 Nov 2026 12:00:07 GMT', now)).toBe(7);
    expect(parseRetryAfter('Sun, 29 Nov 2026 11:59:00 GMT', now)).toBe(0.001);
  });
});

describe('isServiceSideError', () => {
  it('a refused or reset connection is the service; a local resource failure is the generator', () => {
    expect(isServiceSideError({ kind: 'network', code: 'ECONNREFUSED' })).toBe(true);
    expect(isServiceSideError({ kind: 'network', code: 'EMFILE' })).toBe(false);
    expect(isServiceSideError({ kind: 'timeout' })).toBe(false);
  });
});
