import { describe, expect, it } from 'vitest';
import { Answer } from '../model/index.js';
import { answerKey, classify } from './client.js';
import { retryAfterSeconds } from './http-transport.js';
import { isShed } from './transport.js';

describe('Retry-After, as RFC 9110 allows it', () => {
  it('reads delta-seconds', () => {
    expect(retryAfterSeconds({ 'retry-after': '3' })).toBe(3);
    expect(retryAfterSeconds({})).toBeUndefined();
    expect(retryAfterSeconds({ 'retry-after': 'soon' })).toBeUndefined();
  });

  it('reads Retry-After: 0 as "retry now": a hint of 0 s, shed under its own answer key, never a rejection', () => {
    for (const now of ['0', ' 0 ', '00', '0.0']) expect(retryAfterSeconds({ 'retry-after': now }), now).toBe(0);
    const now = { kind: 'status', status: 503, retryAfterS: 0 } as const;
    expect(isShed(now)).toBe(true);
    expect(classify(now)).toBe(Answer.shed);
    expect(answerKey(now)).toBe('503 retry-after 0');
    expect(answerKey({ kind: 'status', status: 503, retryAfterS: 2 })).toBe('503 retry-after');
    expect(isShed({ kind: 'status', status: 503 })).toBe(false);
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
