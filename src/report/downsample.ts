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
  for (let i = 0; i < values.length; i += size) {
    const bucket = values.slice(i, i + size);
    const sum = bucket.reduce((a, b) => a + b, 0);
    out.push(mode === 'max' ? Math.max(...bucket) : mode === 'mean' ? sum / bucket.length : sum);
  }
  return out;
}

/** Replaces NaN, ±Infinity and negatives (never meaningful for counts or depth) with 0. */
export function clean(values: readonly number[]): number[] {
  return values.map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
}
