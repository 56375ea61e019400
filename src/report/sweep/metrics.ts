import { maxOf, minOf } from '../../units/index.js';
import { type SweepAxis, type SweepPoint, type SweepResult } from '../../model/index.js';
import { fmtInt, fmtMs, fmtPct } from '../text/format.js';

/** A metric a sweep is read by: how to get it from a point, show it, and which way is worse. */
export interface SweepMetric {
  name: string;
  value: (p: SweepPoint) => number;
  show: (x: number) => string;
  /** True when a higher value is worse (lost, p99); false when higher is better (completed). */
  higherIsWorse: boolean;
}

export const SWEEP_METRICS: SweepMetric[] = [
  { name: 'completed', value: (p) => p.completion_rate, show: (x) => fmtPct(x, 1), higherIsWorse: false },
  { name: 'lost', value: (p) => p.totals.lost, show: fmtInt, higherIsWorse: true },
  { name: 'shed', value: (p) => p.totals.shed, show: fmtInt, higherIsWorse: true },
  { name: 'p99 latency', value: (p) => p.latency_ms.p99, show: fmtMs, higherIsWorse: true },
];

/**
 * What the points ran: "strategy reject-429", or "strategies drop, reject-429" when the strategy
 * was varied; empty for a sweep.json written before sweeps named it.
 */
export function strategyWords(s: SweepResult): string {
  const list = s.strategies ?? [];
  if (list.length === 0) return '';
  return list.length === 1 ? `strategy ${list[0]}` : `strategies ${list.join(', ')}`;
}

/** A point as the sweep's tables number it: its place in the grid, from 1. */
export function pointNumber(p: SweepPoint): number {
  return p.index + 1;
}

/** A value as the user wrote it: strings bare, the rest as JSON. */
export function showAxisValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** One heat map's grid: the last two varied fields, the other fields fixed at one value each. */
export interface HeatSlice {
  /** The fixed fields (`service.strategy=drop`), empty with exactly two varied fields. */
  label: string;
  rows: SweepAxis;
  cols: SweepAxis;
  /** The point at row value i and column value j, if it ran. */
  at(i: number, j: number): SweepPoint | undefined;
}

/**
 * The heat maps of a sweep: over its last two fields (each with more than one value), one per
 * combination of the fields before them. None with fewer than two such fields.
 */
export function heatSlices(s: SweepResult): HeatSlice[] {
  const n = s.axes.length;
  if (n < 2 || s.axes[n - 2].values.length < 2 || s.axes[n - 1].values.length < 2) return [];
  const [rows, cols] = [s.axes[n - 2], s.axes[n - 1]];
  // Row-major: a point's index is its value positions weighed by the sizes of the axes after them.
  const stride = s.axes.map((_, k) => s.axes.slice(k + 1).reduce((m, a) => m * a.values.length, 1));
  const byIndex = new Map(s.points.map((p) => [p.index, p]));
  const fixed = s.axes.slice(0, n - 2).reduce<number[][]>((acc, a) => acc.flatMap((pre) => a.values.map((_, v) => [...pre, v])), [[]]);
  return fixed.map((pos) => {
    const base = pos.reduce((sum, v, k) => sum + v * stride[k], 0);
    return {
      label: pos.map((v, k) => `${s.axes[k].path}=${showAxisValue(s.axes[k].values[v])}`).join(', '),
      rows,
      cols,
      at: (i, j) => (i < rows.values.length && j < cols.values.length ? byIndex.get(base + i * stride[n - 2] + j) : undefined),
    };
  });
}

/** 0 (best) to 1 (worst) over the points' range of a metric; 0 when every point is equal. */
export function badness(s: SweepResult, m: SweepMetric): (p: SweepPoint) => number {
  const xs = s.points.map(m.value);
  const lo = minOf(xs);
  const hi = maxOf(xs);
  return (p) => (hi === lo ? 0 : m.higherIsWorse ? (m.value(p) - lo) / (hi - lo) : (hi - m.value(p)) / (hi - lo));
}

/** The search's answer in one sentence. */
export function searchSentence(s: SweepResult): string | undefined {
  const q = s.search;
  if (!q) return undefined;
  const at = (i: number) => s.axes.map((a, k) => `${a.path}=${showAxisValue(s.points.find((p) => p.index === i)!.values[k])}`).join(', ');
  if (q.kind === 'find-min') {
    const how = `smallest by ${q.paths.join(', then ')}; ${q.runs} sim runs`;
    return q.found === null
      ? `find-min: no point passed every gate (${how})`
      : `find-min: ${at(q.found)} is the smallest configuration that passes every gate (${how})`;
  }
  const how = `bisection over ${s.axes[0].values.length} values: ${q.runs} sim runs`;
  if (q.found === null) return `find-max: even the smallest ${q.path} failed a gate (${how})`;
  const beyond = q.top_passed ? '; the largest value tried passed, so the limit lies beyond the range' : '';
  return `find-max: ${at(q.found)} is the largest that passes every gate (${how}${beyond})`;
}
