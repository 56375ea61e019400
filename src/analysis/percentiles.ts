import * as hdr from 'hdr-histogram-js';
import type { Percentiles } from '../model/index.js';

const EMPTY: Percentiles = { p50: 0, p90: 0, p99: 0, max: 0, mean: 0, count: 0 };

/**
 * Percentiles of millisecond values from an HDR histogram (3 significant digits, up to 24 h), so
 * a long run's percentiles cost a fixed few kilobytes whatever the number of samples.
 */
export class LatencyHistogram {
  private readonly h = buildHistogram();

  record(ms: number): void {
    this.h.recordValue(wholeMs(ms));
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

function buildHistogram() {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 86_400_000, numberOfSignificantValueDigits: 3 });
}

/** What a LatencyHistogram records for a latency: whole milliseconds, at least 1. */
function wholeMs(ms: number): number {
  return Math.max(1, Math.round(ms));
}

// Only its bucket layout is used: a histogram reports a percentile as the top of the value's bucket.
const layout = buildHistogram() as unknown as { highestEquivalentValue(v: number): number };

/**
 * p50 and p99 of a small sample, equal to what a LatencyHistogram of the same values reports, for
 * a fraction of the cost: a histogram is a 72 KB array scanned per percentile, and the timeline
 * needs one per second of the run. The histogram's percentile is the nearest rank (the k-th
 * smallest value, k = ceil(p% of n)), reported as the top of that value's bucket.
 */
export function samplePercentiles(latenciesMs: number[]): { p50: number; p99: number } {
  const sorted = Float64Array.from(latenciesMs, wholeMs).sort();
  const n = sorted.length;
  const at = (k: number) => layout.highestEquivalentValue(sorted[Math.max(1, k) - 1]);
  // Integer forms of ceil(n / 2) and ceil(99 n / 100): no floating-point rounding at the edges.
  return { p50: at(Math.floor((n + 1) / 2)), p99: at(Math.floor((99 * n + 99) / 100)) };
}

/** `x` rounded to `digits` decimals, for result.json figures. */
export function round(x: number, digits: number): number {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}
