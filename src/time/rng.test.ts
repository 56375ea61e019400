import { describe, expect, it } from 'vitest';
import { createRng, deriveRng, logNormal, logNormalMean } from './rng.js';

describe('Rng', () => {
  it('is reproducible per seed and differs across seeds and labels', () => {
    const draw = (r: { next(): number }) => Array.from({ length: 5 }, () => r.next());
    expect(draw(createRng(1))).toEqual(draw(createRng(1)));
    expect(draw(createRng(1))).not.toEqual(draw(createRng(2)));
    expect(draw(deriveRng(1, 'a'))).not.toEqual(draw(deriveRng(1, 'b')));
  });

  it('log-normal draws hit the configured median and p99', () => {
    const rng = createRng(5);
    const xs = Array.from({ length: 20_000 }, () => logNormal(rng, 100, 400)).sort((a, b) => a - b);
    expect(xs[10_000]).toBeGreaterThan(95);
    expect(xs[10_000]).toBeLessThan(105);
    expect(xs[19_800]).toBeGreaterThan(360);
    expect(xs[19_800]).toBeLessThan(440);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(Math.abs(mean - logNormalMean(100, 400)) / logNormalMean(100, 400)).toBeLessThan(0.03);
  });

  it('p50 = p99 means a fixed value', () => {
    expect(logNormal(createRng(1), 100, 100)).toBe(100);
  });
});
