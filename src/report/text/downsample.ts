/**
 * How a bucket of consecutive points becomes one: peaks for levels (depth), means for per-second
 * rates (so the axis still reads "per second"), sums for totals.
 */
export type Aggregate = 'max' | 'mean' | 'sum';

/** The bucket size that fits `length` points into `columns` (1 when they already fit). */
export function bucketSize(length: number, columns: number): number {
  return Math.max(1, Math.ceil(length / Math.max(1, columns)));
}

/** Groups `values` into buckets of `size` and reduces each: the last bucket may be partial. */
export function downsample(values: readonly number[], size: number, mode: Aggregate): number[] {
  if (size <= 1) return [...values];
  const out: number[] = [];
  // One pass per bucket, no slice and no Math.max(...bucket): a bucket of a day's run narrowed to a
  // few columns holds thousands of points, too many to pass as arguments.
  for (let i = 0; i < values.length; i += size) {
    const end = Math.min(values.length, i + size);
    let sum = 0;
    let peak = -Infinity;
    for (let j = i; j < end; j++) {
      sum += values[j];
      peak = Math.max(peak, values[j]);
    }
    out.push(mode === 'max' ? peak : mode === 'mean' ? sum / (end - i) : sum);
  }
  return out;
}

/** Replaces NaN, ±Infinity and negatives (never meaningful for counts or depth) with 0. */
export function clean(values: readonly number[]): number[] {
  return values.map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
}
