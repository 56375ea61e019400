import * as hdr from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { deriveRng } from '../time/index.js';
import { LatencyHistogram, samplePercentiles } from './percentiles.js';

/** Fractional, tied and sub-millisecond values, below and far above the histogram's exact range (2,048). */
function sample(rng: ReturnType<typeof deriveRng>, n: number, scale: number): number[] {
  return Array.from({ length: n }, () => (rng.next() < 0.2 ? 0.3 : Math.floor(rng.next() * scale * 4) / 4));
}

describe('LatencyHistogram', () => {
  it('reports what hdr-histogram-js reports for the same values, to the last digit', () => {
    const rng = deriveRng(5, 'hdr-reference');
    let compared = 0;
    for (const n of [1, 2, 3, 10, 99, 100, 101, 1000, 20_000]) {
      // Up to past a day (the histogram grows, as the reference does with autoResize).
      for (const scale of [3, 900, 40_000, 5_000_000, 200_000_000]) {
        const values = sample(rng, n, scale);
        const ours = new LatencyHistogram();
        const reference = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 86_400_000, numberOfSignificantValueDigits: 3 });
        for (const v of values) {
          ours.record(v);
          reference.recordValue(Math.max(1, Math.round(v)));
        }
        expect(ours.summary(), `n=${n} scale=${scale}`).toEqual({
          p50: reference.getValueAtPercentile(50),
          p90: reference.getValueAtPercentile(90),
          p99: reference.getValueAtPercentile(99),
          max: reference.maxValue,
          mean: Math.round(reference.mean * 10) / 10,
          count: reference.totalCount,
        });
        compared++;
      }
    }
    expect(compared).toBe(45);
    expect(new LatencyHistogram().summary()).toEqual({ p50: 0, p90: 0, p99: 0, max: 0, mean: 0, count: 0 });
  });
});

describe('samplePercentiles', () => {
  it('reports exactly what a LatencyHistogram of the same values reports', () => {
    const rng = deriveRng(17, 'percentiles-test');
    let compared = 0;
    for (let n = 1; n <= 400; n += n < 20 ? 1 : 7) {
      for (const scale of [3, 900, 40_000, 5_000_000]) {
        const values = sample(rng, n, scale);
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
