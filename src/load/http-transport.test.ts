import { describe, expect, it } from 'vitest';
import { retryAfterSeconds } from './http-transport.js';

describe('Retry-After, as RFC 9110 allows it', () => {
  it('reads delta-seconds', () => {
    expect(retryAfterSeconds({ 'retry-after': '3' })).toBe(3);
    expect(retryAfterSeconds({ 'retry-after': '0' })).toBeUndefined();
    expect(retryAfterSeconds({})).toBeUndefined();
    expect(retryAfterSeconds({ 'retry-after': 'soon' })).toBeUndefined();
  });

  it("reads an HTTP-date against the answer's own Date header", () => {
    const headers = { date: 'Sun, 29 Nov 2026 10:00:00 GMT', 'retry-after': 'Sun, 29 Nov 2026 10:00:07 GMT' };
    expect(retryAfterSeconds(headers)).toBe(7);
    // A date already past, or no Date header to read it against, still says "come back": the least wait.
    expect(retryAfterSeconds({ ...headers, 'retry-after': 'Sun, 29 Nov 2026 09:59:00 GMT' })).toBe(1);
    expect(retryAfterSeconds({ 'retry-after': 'Sun, 29 Nov 2026 10:00:07 GMT' })).toBe(1);
  });

  it('prefers retry-after-ms, as the Anthropic SDK does', () => {
    expect(retryAfterSeconds({ 'retry-after-ms': '1500', 'retry-after': '9' })).toBe(1.5);
  });
});
