/**
 * The largest and smallest of a list of numbers, by a loop. `Math.max(...values)` passes every
 * value as an argument on the stack: a day of per-second points, a second's worth of latencies at
 * a high rate or a sweep's points overflow it ("Maximum call stack size exceeded"). Folding with
 * Math.max keeps its answer exactly: NaN if any value is NaN, +0 over -0, and `start` for none.
 */
export function maxOf(values: ArrayLike<number>, start = -Infinity): number {
  let m = start;
  for (let i = 0; i < values.length; i++) m = Math.max(m, values[i]);
  return m;
}

/** The smallest of `values` and `start` (Infinity for none), as Math.min would answer without the stack. */
export function minOf(values: ArrayLike<number>, start = Infinity): number {
  let m = start;
  for (let i = 0; i < values.length; i++) m = Math.min(m, values[i]);
  return m;
}
