import { describe, expect, it } from 'vitest';
import { deriveRng } from '../time/index.js';
import { LatencyHistogram, samplePercentiles } from './percentiles.js';

describe('samplePercentiles', () => {
  it('reports exactly what a LatencyHistogram of the same values reports', () => {
    const rng = deriveRng(17, 'percentiles-test');
    let compared = 0;
    for (let n = 1; n <= 400; n += n < 20 ? 1 : 7) {
      for (const scale of [3, 900, 40_000, 5_000_000]) {
        // Fractional, tied and sub-millisecond values, below and far above the histogram's exact range (2,048).
        const values = Array.from({ length: n }, () => (rng.next() < 0.2 ? 0.3 : Math.floor(rng.next() * scale * 4) / 4));
        const h = new LatencyHistogram();
        for (const v of values) h.record(v);
        const { p50, p99 } = h.summary();
        expect(samplePercentiles(values), `n=${n} scale=${scale}`).toEqual({ p50, p99 });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
