import type { Percentiles } from '../model/index.js';

const EMPTY: Percentiles = { p50: 0, p90: 0, p99: 0, max: 0, mean: 0, count: 0 };

/**
 * The bucket layout of an HDR histogram of whole milliseconds from 1 ms at 3 significant digits
 * (HdrHistogram's, as hdr-histogram-js builds it with those settings): 2,048 exact values, then
 * buckets that double in width, each split into 1,024 sub-buckets. A percentile is reported as the
 * top of its value's sub-bucket, as HdrHistogram reports it.
 */
const HALF_MAGNITUDE = 10;
const HALF = 1 << HALF_MAGNITUDE;
const SUB_BUCKETS = 2 * HALF;
/** Sub-buckets up to 24 h (what the histogram was built for); more are added if a value needs them. */
const DAY_SLOTS = 18 * HALF;

/** The bucket a value falls in: floor(log2 v) less the sub-bucket magnitude, at least 0. */
function bucketOf(v: number): number {
  const log2 = v < 2 ** 31 ? 31 - Math.clz32(v) : Math.floor(Math.log2(v));
  return Math.max(log2 - HALF_MAGNITUDE, 0);
}

function slotOf(v: number): number {
  const b = bucketOf(v);
  return (b + 1) * HALF + Math.floor(v / 2 ** b) - HALF;
}

/** The lowest value of a slot. */
function valueOfSlot(slot: number): number {
  let b = Math.floor(slot / HALF) - 1;
  let sub = (slot % HALF) + HALF;
  if (b < 0) {
    sub -= HALF;
    b = 0;
  }
  return sub * 2 ** b;
}

/** The lowest value equivalent to v (its sub-bucket's start) and the sub-bucket's width. */
function rangeOf(v: number): [low: number, width: number] {
  const b = bucketOf(v);
  const sub = Math.floor(v / 2 ** b);
  return [sub * 2 ** b, 2 ** (sub >= SUB_BUCKETS ? b + 1 : b)];
}

/** The top of v's sub-bucket: what a percentile that lands on v reports. */
function highestEquivalent(v: number): number {
  const [low, width] = rangeOf(v);
  return low + width - 1;
}

/** The middle of v's sub-bucket (rounded down): what the mean counts v as. */
function medianEquivalent(v: number): number {
  const [low, width] = rangeOf(v);
  return low + Math.floor(width / 2);
}

/** The distance from x to the next double of its magnitude: how HdrHistogram keeps a count rounded up from skipping one. */
function ulp(x: number): number {
  return 2 ** (Math.floor(Math.log2(x)) - 52);
}

/**
 * Percentiles of millisecond values in an HDR histogram (above), so a long run's percentiles cost
 * a fixed few kilobytes whatever the number of samples. Its figures are HdrHistogram's to the
 * last digit (a test holds it to hdr-histogram-js); it records with integer arithmetic, several
 * times faster, which a summary of hundreds of thousands of requests felt.
 */
export class LatencyHistogram {
  private counts = new Uint32Array(DAY_SLOTS);
  private total = 0;
  private max = 0;

  record(ms: number): void {
    const v = wholeMs(ms);
    const slot = slotOf(v);
    if (slot >= this.counts.length) this.grow(slot);
    this.counts[slot]++;
    this.total++;
    if (v > this.max) this.max = v;
  }

  summary(): Percentiles {
    if (this.total === 0) return { ...EMPTY };
    return {
      p50: this.valueAtPercentile(50),
      p90: this.valueAtPercentile(90),
      p99: this.valueAtPercentile(99),
      max: this.max,
      mean: Math.round(this.mean() * 10) / 10,
      count: this.total,
    };
  }

  private valueAtPercentile(percentile: number): number {
    const exact = (percentile / 100) * this.total;
    const rank = Math.max(Math.ceil(exact - ulp(exact)), 1);
    let seen = 0;
    for (let slot = 0; slot < this.counts.length; slot++) {
      seen += this.counts[slot];
      if (seen >= rank) return highestEquivalent(valueOfSlot(slot));
    }
    return 0;
  }

  private mean(): number {
    let sum = 0;
    for (let slot = 0; slot < this.counts.length; slot++) {
      const n = this.counts[slot];
      if (n > 0) sum += medianEquivalent(highestEquivalent(valueOfSlot(slot))) * n;
    }
    return sum / this.total;
  }

  private grow(slot: number): void {
    const bigger = new Uint32Array((Math.floor(slot / HALF) + 1) * HALF);
    bigger.set(this.counts);
    this.counts = bigger;
  }
}

/** What a LatencyHistogram records for a latency: whole milliseconds, at least 1. */
function wholeMs(ms: number): number {
  return Math.max(1, Math.round(ms));
}

/**
 * p50 and p99 of a small sample, equal to what a LatencyHistogram of the same values reports, for
 * a fraction of the cost: a histogram is a 72 KB array scanned per percentile, and the timeline
 * needs one per second of the run. The histogram's percentile is the nearest rank (the k-th
 * smallest value, k = ceil(p% of n)), reported as the top of that value's bucket.
 */
export function samplePercentiles(latenciesMs: number[]): { p50: number; p99: number } {
  const n = latenciesMs.length;
  const sorted = new Float64Array(n);
  for (let k = 0; k < n; k++) sorted[k] = wholeMs(latenciesMs[k]);
  sorted.sort();
  const at = (k: number) => highestEquivalent(sorted[Math.max(1, k) - 1]);
  // Integer forms of ceil(n / 2) and ceil(99 n / 100): no floating-point rounding at the edges.
  return { p50: at(Math.floor((n + 1) / 2)), p99: at(Math.floor((99 * n + 99) / 100)) };
}

/** `x` rounded to `digits` decimals, for result.json figures. */
export function round(x: number, digits: number): number {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}
