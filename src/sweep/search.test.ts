import { describe, expect, it } from 'vitest';
import type { SweepPoint } from '../model/index.js';
import { bisectLargestPassing, paretoFrontier, smallestPassing } from './search.js';

const point = (index: number, completed: number, p99: number, pass = true, values: unknown[] = []): SweepPoint => ({
  index,
  values,
  totals: { scheduled: 100, completed, shed: 100 - completed, rejected: 0, failed: 0, lost: 0, duplicates: 0, attempts: 100 },
  drop_rate: 0,
  completion_rate: completed / 100,
  latency_ms: { p50: 0, p99, max: p99 },
  max_queue_depth: 0,
  gates: [],
  pass,
  wall: { elapsed_ms: 0 },
});

describe('sweep search', () => {
  it('the frontier keeps what nothing beats on both completions and p99, sorted by p99', () => {
    const pts = [point(0, 50, 100), point(1, 80, 300), point(2, 70, 400), point(3, 80, 300), point(4, 90, 900), point(5, 40, 100)];
    // 2 is beaten by 1 (more done, faster); 5 by 0 (more done, as fast); 1 and 3 tie: both stay.
    expect(paretoFrontier(pts)).toEqual([0, 1, 3, 4]);
  });

  it('smallest passing: lexicographic in the order given, a pass between failures found', () => {
    const pts = [
      point(0, 0, 0, false, [1, 10]),
      point(1, 0, 0, true, [1, 30]),
      point(2, 0, 0, true, [2, 10]),
      point(3, 0, 0, false, [2, 30]), // not monotone: bigger fails here
    ];
    const rank = (_axis: number, v: unknown) => v as number;
    expect(smallestPassing(pts, [0, 1], rank)).toBe(1); // fewest of axis 0 first
    expect(smallestPassing(pts, [1, 0], rank)).toBe(2); // fewest of axis 1 first
    expect(smallestPassing([pts[0]], [0, 1], rank)).toBeNull();
  });

  it.each([
    [10, 7, [0, 9, 4, 6, 7, 8], 7, false],
    [10, 0, [0, 9, 4, 2, 1], 0, false],
    [10, 9, [0, 9], 9, true],
    [10, -1, [0], null, false],
    [1, 0, [0], 0, true],
    [2, 0, [0, 1], 0, false],
  ])('bisection over %i values with limit %i runs %j', async (n, limit, order, found, topPassed) => {
    const ran: number[] = [];
    const r = await bisectLargestPassing(n, (i) => (ran.push(i), Promise.resolve(i <= limit)));
    expect(ran).toEqual(order);
    expect(r).toEqual({ found, topPassed, runs: order.length });
    expect(r.runs).toBeLessThanOrEqual(2 + Math.ceil(Math.log2(Math.max(1, n - 1))));
  });
});
