import { describe, expect, it } from 'vitest';
import type { RunResult, SweepPoint, SweepResult } from '../../model/index.js';
import { renderOverlay } from '../terminal/chart.js';
import { bestMask, COMPARE_COLUMNS } from './compare-columns.js';
import { downsample } from './downsample.js';
import { badness, SWEEP_METRICS } from '../sweep/metrics.js';
import { paretoChart } from '../sweep/pareto.js';
import { textTable } from './text-table.js';
import { crashCells } from './truth-words.js';

// More values than fit as the arguments of one call (about 120,000 on Node's default stack): every
// series operation of the reports must take them, whatever the run's length, rate or point count.
const N = 300_000;
const wave = (i: number) => ((i * 7919) % 1009) + (i === 123_456 ? 5000 : 0);

/** The reduction as it was written with slice, reduce and Math.max(...bucket), for small buckets. */
function downsampleBefore(values: number[], size: number, mode: 'max' | 'mean' | 'sum'): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i += size) {
    const bucket = values.slice(i, i + size);
    const sum = bucket.reduce((a, b) => a + b, 0);
    out.push(mode === 'max' ? Math.max(...bucket) : mode === 'mean' ? sum / bucket.length : sum);
  }
  return out;
}

describe('series longer than a call can take as arguments', () => {
  it('downsample reduces one bucket of them, and small buckets exactly as before', () => {
    const values = Array.from({ length: N }, (_, i) => wave(i));
    expect(downsample(values, N, 'max')).toEqual([wave(123_456)]);
    expect(downsample(values, N, 'sum')).toEqual([values.reduce((a, b) => a + b, 0)]);
    const fractions = Array.from({ length: 10_007 }, (_, i) => Math.sin(i) * 1e3 + 0.1);
    for (const size of [2, 7, 60, 1000])
      for (const mode of ['max', 'mean', 'sum'] as const) expect(downsample(fractions, size, mode)).toEqual(downsampleBefore(fractions, size, mode));
  });

  it('renderOverlay draws them in a narrow chart', () => {
    const out = renderOverlay([{ label: 'depth', values: Array.from({ length: N }, (_, i) => wave(i)) }], { title: 'Depth', color: false, width: 12 });
    expect(out.split('\n')[0]).toMatch(/^Depth \(downsampled: 1 column = \d+ s/);
  });

  it('textTable sizes a column of them', () => {
    const rows = Array.from({ length: N }, (_, i) => [String(i), 'x']);
    expect(textTable(['n', 'v'], rows).split('\n')[N]).toBe(`${N - 1}  x`);
  });

  it('a sweep of them: badness and the Pareto chart (many points on one dot)', () => {
    const point = (index: number): SweepPoint => ({
      index,
      values: [index],
      totals: { scheduled: 10, completed: index % 2 ? 10 : 0, shed: 0, rejected: 0, failed: 0, lost: index % 2 ? 0 : 10, duplicates: 0, attempts: 10 },
      drop_rate: index % 2 ? 0 : 1,
      completion_rate: index % 2 ? 1 : 0,
      latency_ms: { p50: 1, p99: 2, max: 3 },
      max_queue_depth: 0,
      gates: [],
      pass: true,
      wall: { elapsed_ms: 0 },
    });
    const points = Array.from({ length: N }, (_, i) => point(i));
    const s: SweepResult = {
      version: 1,
      scenario: 's',
      seed: 1,
      mode: 'sim',
      axes: [{ path: 'service.workers', values: points.map((p) => p.index) }],
      gates: [],
      points,
      frontier: [1],
      wall: { started_at: '', elapsed_ms: 0, threads: 1, gameday_version: 'x' },
    };
    const lost = SWEEP_METRICS.find((m) => m.name === 'lost')!;
    expect(badness(s, lost)(points[1])).toBe(0);
    // Each dot is labelled with its first points' numbers and how many more it stands for.
    expect(paretoChart(s)).toContain(`+${N / 2 - 3}</text>`);
  });

  it('bestMask ranks a column of them', () => {
    const lost = COMPARE_COLUMNS.find((c) => c.key === 'lost')!;
    const results = Array.from({ length: N }, (_, i) => ({ totals: { lost: N - i } }) as unknown as RunResult);
    const mask = bestMask(lost, results);
    expect(mask.indexOf(true)).toBe(N - 1);
    expect(mask.filter(Boolean)).toHaveLength(1);
  });

  it('a killed worker whose jobs came back one by one: the last of them', () => {
    const back_ms = Array.from({ length: N }, (_, i) => i);
    const crash = { kind: 'crash-worker', stalled: { held: N, answered_before_kill: 0, duplicated: 0, back_ms } } as unknown as RunResult['crashes'][number];
    expect(crashCells(crash).recovery).not.toBe('never');
  });
});
