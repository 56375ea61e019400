import { describe, expect, it } from 'vitest';
import { maxOf, minOf } from './extent.js';

describe('maxOf / minOf', () => {
  it('answer exactly what Math.max / Math.min answer', () => {
    const cases: number[][] = [[], [3], [1, 5, 2], [-0, 0], [0, -0], [-0], [1, Number.NaN, 3], [-Infinity], [Infinity, 2], [2.5, -7, 2.5]];
    for (const xs of cases) {
      expect(Object.is(maxOf(xs), Math.max(...xs)), `max of ${xs.join(',')}`).toBe(true);
      expect(Object.is(minOf(xs), Math.min(...xs)), `min of ${xs.join(',')}`).toBe(true);
      expect(Object.is(maxOf(xs, 0), Math.max(0, ...xs)), `max of 0,${xs.join(',')}`).toBe(true);
    }
    expect(maxOf(Float64Array.from([4, 9, 1]))).toBe(9);
  });

  it('take more values than a call could take as arguments', () => {
    const many = Array.from({ length: 1_000_000 }, (_, i) => (i * 7919) % 1_000_003);
    expect(() => Math.max(...many)).toThrow(RangeError);
    expect(maxOf(many)).toBe(many.reduce((a, b) => (b > a ? b : a)));
    expect(minOf(many)).toBe(0);
  });
});
