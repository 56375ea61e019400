import type { SweepPoint } from '../model/index.js';

/**
 * The Pareto frontier of completions against p99 latency: the points no other point beats on
 * both (at least as many completed and at most the same p99, better on one). Sorted by p99.
 */
export function paretoFrontier(points: readonly SweepPoint[]): number[] {
  const dominated = (p: SweepPoint) =>
    points.some(
      (q) =>
        q !== p &&
        q.totals.completed >= p.totals.completed &&
        q.latency_ms.p99 <= p.latency_ms.p99 &&
        (q.totals.completed > p.totals.completed || q.latency_ms.p99 < p.latency_ms.p99),
    );
  return points
    .filter((p) => !dominated(p))
    .sort((a, b) => a.latency_ms.p99 - b.latency_ms.p99 || a.index - b.index)
    .map((p) => p.index);
}

/**
 * The smallest passing point, "smallest" lexicographic over `axisOrder` (axis positions, most
 * important first): the fewest workers, then among those the smallest queue. Values compare as
 * numbers when both are (`10s` and `9s` compare by their number), else in the order listed.
 * Every point ran: no monotonicity is assumed, so a pass hidden between failures is found.
 */
export function smallestPassing(points: readonly SweepPoint[], axisOrder: readonly number[], order: (axis: number, v: unknown) => number): number | null {
  const passing = points.filter((p) => p.pass);
  passing.sort((a, b) => {
    for (const axis of axisOrder) {
      const d = order(axis, a.values[axis]) - order(axis, b.values[axis]);
      if (d !== 0) return d;
    }
    return a.index - b.index;
  });
  return passing[0]?.index ?? null;
}

/**
 * Bisection for the largest passing value of an ordered range, assuming pass below some limit
 * and fail above it: the ends first (all pass, or none), then halving the gap between the
 * highest known pass and the lowest known fail. `passes(i)` runs the point of value i.
 * Runs 2 + ceil(log2(n - 1)) points at most for n values.
 */
export async function bisectLargestPassing(
  n: number,
  passes: (i: number) => Promise<boolean>,
): Promise<{ found: number | null; topPassed: boolean; runs: number }> {
  let runs = 0;
  const run = (i: number) => (runs++, passes(i));
  if (!(await run(0))) return { found: null, topPassed: false, runs };
  if (n === 1) return { found: 0, topPassed: true, runs };
  if (await run(n - 1)) return { found: n - 1, topPassed: true, runs };
  let pass = 0;
  let fail = n - 1;
  while (fail - pass > 1) {
    const mid = Math.floor((pass + fail) / 2);
    if (await run(mid)) pass = mid;
    else fail = mid;
  }
  return { found: pass, topPassed: false, runs };
}
