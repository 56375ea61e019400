import { describe, expect, it } from 'vitest';
import { closestNames, editDistance, orList } from './suggest.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['lost', 'lost', 0],
    ['lsot', 'lost', 1],
    ['drop_rat', 'drop_rate', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
  ])('%j → %j is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('closestNames', () => {
  const names = ['lost', 'last_seen', 'drop_rate', 'shed_rate', 'p50_latency', 'p90_latency', 'p99_latency'];

  it('returns the best tie only, in catalogue order, at most `max`', () => {
    expect(closestNames('p_latency', names)).toEqual(['p50_latency', 'p90_latency', 'p99_latency']);
    expect(closestNames('p_latency', names, 2)).toEqual(['p50_latency', 'p90_latency']);
    expect(closestNames('p99_latncy', names)).toEqual(['p99_latency']);
  });

  it('falls back to a prefix of 3 characters or more', () => {
    expect(closestNames('p99', names)).toEqual(['p99_latency']);
    expect(closestNames('la', names)).toEqual([]);
  });

  it('returns nothing when nothing is close', () => {
    expect(closestNames('throughput', names)).toEqual([]);
  });
});

describe('orList', () => {
  it('quotes and joins', () => {
    expect(orList([])).toBe('');
    expect(orList(['a'])).toBe('`a`');
    expect(orList(['a', 'b'])).toBe('`a` or `b`');
    expect(orList(['a', 'b', 'c'])).toBe('`a`, `b` or `c`');
  });
});
