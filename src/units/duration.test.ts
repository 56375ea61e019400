import { describe, expect, it } from 'vitest';
import { duration, durationProblem, formatDuration, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['100ms', 100],
    ['5s', 5000],
    ['1.5s', 1500],
    ['.5s', 500],
    ['2m', 120_000],
    ['1h', 3_600_000],
    [' 3 s ', 3000],
  ])('%s → %d ms', (input, ms) => expect(parseDuration(input)).toBe(ms));

  it.each(['5 parsecs', '', 's', '-1s', '5', '1d', 'ten seconds', 2, 0, null, Infinity])('refuses %j', (input) => expect(parseDuration(input)).toBeUndefined());

  it('refuses a bare number with the fix in the message', () => {
    expect(durationProblem(400)).toBe('Expected a duration with a unit, got the bare number 400: write 400ms or 400s');
    const r = duration.safeParse(30000);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toContain('write 30000ms or 30000s');
  });

  it('refuses a duration past 24h, and names .inf as written', () => {
    expect(duration.safeParse('25h').error?.issues[0].message).toBe('Expected a duration <= 24h, got "25h"');
    expect(duration.safeParse('24h').data).toBe(86_400_000);
    expect(durationProblem(Infinity)).toBe('Expected a duration like "400ms", "0.4s" or "2m", got .inf');
  });

  it('formats for humans', () => {
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(1500)).toBe('1.5s');
    expect(formatDuration(90_000)).toBe('1.5m');
  });
});
