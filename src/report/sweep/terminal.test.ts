import { describe, expect, it } from 'vitest';
import type { SweepPoint, SweepResult } from '../../model/index.js';
import { renderSweep } from './terminal.js';
import { renderSweepHtml } from './html.js';
import { heatSlices } from './metrics.js';
import { axisTicks } from './pareto.js';

/** A 2 x 2 x 3 sweep whose lost count encodes each point's index, so a misplaced cell shows. */
function sweep(): SweepResult {
  const axes = [
    { path: 'service.strategy', values: ['drop', 'reject-429'] },
    { path: 'service.workers', values: [1, 2] },
    { path: 'service.capacity', values: [10, 20, 30] },
  ];
  const points: SweepPoint[] = [];
  for (let index = 0; index < 12; index++) {
    const values = [axes[0].values[Math.floor(index / 6)], axes[1].values[Math.floor(index / 3) % 2], axes[2].values[index % 3]];
    points.push({
      index,
      values,
      totals: { scheduled: 100, completed: 100 - index, shed: 0, rejected: 0, failed: 0, lost: index, duplicates: 0, attempts: 100 },
      drop_rate: index / 100,
      completion_rate: (100 - index) / 100,
      latency_ms: { p50: 10, p99: 100 + index, max: 200 },
      max_queue_depth: 5,
      gates: [{ expr: 'lost == 0', value: index, pass: index === 0 }],
      pass: index === 0,
      wall: { elapsed_ms: 1 },
    });
  }
  return {
    version: 1,
    scenario: 's',
    seed: 1,
    mode: 'sim',
    axes,
    gates: ['lost == 0'],
    points,
    frontier: [0],
    wall: { started_at: '', elapsed_ms: 0, threads: 2, gameday_version: 'x' },
  };
}

describe('sweep reports', () => {
  it('one heat map per value of the fields before the last two, each cell at its own point', () => {
    const slices = heatSlices(sweep());
    expect(slices.map((s) => s.label)).toEqual(['service.strategy=drop', 'service.strategy=reject-429']);
    // reject-429 (second half), 2 workers (second row), capacity 30 (third column): index 6 + 3 + 2.
    expect(slices[1].at(1, 2)?.index).toBe(11);
    expect(slices[0].at(0, 1)?.index).toBe(1);
    expect(slices[0].at(2, 0)).toBeUndefined();
  });

  it('the terminal view lists every point and a heat map per metric and slice; the page the same', () => {
    const text = renderSweep(sweep());
    expect(text).toContain('lost at service.strategy=reject-429 (darker is higher, worse)');
    expect(text.match(/ at service\.strategy=/g)).toHaveLength(2 * 4);
    const html = renderSweepHtml(sweep());
    expect(html.match(/data-heat="lost"/g)).toHaveLength(2);
    expect(html.match(/<tr data-point=/g)).toHaveLength(12);
    expect(html).toContain('· 2 threads</footer>');
    const one = sweep();
    one.wall = { ...one.wall, threads: 1 };
    expect(renderSweepHtml(one)).toContain('· 1 thread</footer>');
  });

  it('names the strategy the points ran, in the terminal and the page', () => {
    const s = sweep();
    const one = { ...s, strategies: ['reject-429'] };
    expect(renderSweep(one).split('\n')[0]).toBe('sweep s · strategy reject-429: 12 points in sim, seed 1, 2 threads');
    expect(renderSweepHtml(one)).toContain('<h1>gameday sweep — s · reject-429</h1>');
    expect(renderSweepHtml(one)).toContain('12 points in sim · strategy reject-429 · seed 1');
    const varied = { ...s, strategies: ['drop', 'reject-429'] };
    expect(renderSweep(varied).split('\n')[0]).toBe('sweep s · strategies drop, reject-429: 12 points in sim, seed 1, 2 threads');
    // A sweep.json written before sweeps named their strategy still renders.
    expect(renderSweep(s).split('\n')[0]).toBe('sweep s: 12 points in sim, seed 1, 2 threads');
  });

  it('the chart marks each point pass or fail with a legend, and numbers every dot as the table does', () => {
    const html = renderSweepHtml(sweep());
    const circles = [...html.matchAll(/<circle class="(front|dot)( fail)?" [^>]*data-point="(\d+)" data-pass="(true|false)"/g)];
    expect(circles).toHaveLength(12);
    for (const [, , fail, index, pass] of circles) {
      expect(pass).toBe(String(index === '0'));
      expect(fail === undefined).toBe(index === '0');
    }
    expect(html).toMatch(/data-legend>.*no ring: passes every gate · <span class="legend-dot fail"><\/span> red ring: fails a gate/);
    const labels = [...html.matchAll(/<text [^>]*data-label>([^<]+)<\/text>/g)].map((m) => Number(m[1]));
    expect(labels.sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    // The table numbers its points the same way, and says pass or fail per row.
    expect(html).toMatch(/<tr data-point="0" data-pass="true"><td>1<\/td><td>drop<\/td>/);
    expect(html).toMatch(/<tr data-point="11" data-pass="false"><td>12<\/td><td>reject-429<\/td>.*<td class="verdict">FAIL<\/td>/);
    // No gates: nothing is judged, and the legend says so.
    expect(renderSweepHtml({ ...sweep(), gates: [] })).toContain('no gates: no point is judged');
  });

  it('no heat map for one varied field', () => {
    const s = sweep();
    const one = { ...s, axes: [s.axes[2]], points: s.points.slice(0, 3).map((p) => ({ ...p, values: [p.values[2]] })) };
    expect(heatSlices(one)).toEqual([]);
  });

  it('puts the chart axes just above the data, in round steps', () => {
    expect(axisTicks(1300)).toEqual([0, 200, 400, 600, 800, 1000, 1200, 1400]);
    expect(axisTicks(30_400)).toEqual([0, 5000, 10_000, 15_000, 20_000, 25_000, 30_000, 35_000]);
    expect(axisTicks(100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(axisTicks(0.7)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(axisTicks(0)).toEqual([0, 1]);
  });
});
