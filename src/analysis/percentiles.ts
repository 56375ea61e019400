import * as hdr from 'hdr-histogram-js';
import type { Percentiles } from '../model/index.js';

const EMPTY: Percentiles = { p50: 0, p90: 0, p99: 0, max: 0, mean: 0, count: 0 };

/**
 * Percentiles of millisecond values from an HDR histogram (3 significant digits, up to 24 h), so
 * a long run's percentiles cost a fixed few kilobytes whatever the number of samples.
 */
export class LatencyHistogram {
  private readonly h = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 86_400_000, numberOfSignificantValueDigits: 3 });

  record(ms: number): void {
    this.h.recordValue(Math.max(1, Math.round(ms)));
  }

  summary(): Percentiles {
    const h = this.h;
    if (h.totalCount === 0) return { ...EMPTY };
    return {
      p50: h.getValueAtPercentile(50),
      p90: h.getValueAtPercentile(90),
      p99: h.getValueAtPercentile(99),
      max: h.maxValue,
      mean: Math.round(h.mean * 10) / 10,
      count: h.totalCount,
    };
  }
}

/** `x` rounded to `digits` decimals, for result.json figures. */
export function round(x: number, digits: number): number {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}
