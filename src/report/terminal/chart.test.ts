import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunResult, TimelinePoint } from '../../model/index.js';
import { renderOverlay, renderTimelines } from './chart.js';
import { downsample } from '../text/downsample.js';
import { ANSI_RE, visibleWidth } from '../text/escape.js';

const load = (): RunResult => JSON.parse(readFileSync(new URL('../../../test/fixtures/report/result.json', import.meta.url), 'utf8')) as RunResult;

/** The y-axis label of the top row (the chart's maximum). */
const topLabel = (chart: string) => Number(chart.split('\n')[1].trim().split(/\s/)[0]);

function point(t: number, over: Partial<TimelinePoint> = {}): TimelinePoint {
  return { t, offered: 0, accepted: 0, completed: 0, shed: 0, rejected: 0, failed: 0, lost: 0, depth: 0, p50_ms: null, p99_ms: null, ...over };
}

describe('renderTimelines', () => {
  const out = renderTimelines(load(), { color: false });

  it('draws queue depth and outcomes per second with a legend, without ANSI when colour is off', () => {
    expect(out).not.toMatch(ANSI_RE);
    const [depth, outcomes] = out.split('\n\n');
    expect(depth.split('\n')[0]).toBe('Queue depth');
    expect(topLabel(depth)).toBe(275);
    expect(outcomes.split('\n')[0]).toBe('Outcomes per second');
    expect(topLabel(outcomes)).toBe(35);
    // failed happened, rejected never did: only outcomes that occurred join the three always shown.
    expect(outcomes).toContain('── completed   ·· shed   ×× failed   ++ lost');
    expect(outcomes).not.toContain('rejected');
    expect(depth).toMatch(/\s0s\s+29s$/m);
  });

  it('fits the width and colours the lines when asked', () => {
    for (const line of out.split('\n')) expect(visibleWidth(line)).toBeLessThanOrEqual(72);
    expect(renderTimelines(load(), { color: true })).toMatch(ANSI_RE);
  });

  it('downsamples long timelines: the peak for depth, the per-second average for rates, and says so', () => {
    const r = load();
    r.timeline = Array.from({ length: 600 }, (_, t) => point(t, { depth: t === 333 ? 500 : 10, completed: t % 2 ? 3 : 1 }));
    r.crashes = [];
    const [depth, outcomes] = renderTimelines(r, { color: false, width: 72 }).split('\n\n');
    expect(depth.split('\n')[0]).toBe('Queue depth (downsampled: 1 column = 10 s, the peak of its seconds)');
    expect(topLabel(depth)).toBe(500); // a one-second peak survives
    // Too long for 72 columns, the title wraps onto a second line.
    const [first, second, top] = outcomes.split('\n');
    expect(`${first} ${second}`).toBe('Outcomes per second (downsampled: 1 column = 10 s, the per-second average of its seconds)');
    // 1 and 3 a second, alternating: the axis still reads per second (2), never the bucket's sum (20).
    expect(Number(top.trim().split(/\s/)[0])).toBe(2);
    for (const line of `${depth}\n${outcomes}`.split('\n')) expect(visibleWidth(line)).toBeLessThanOrEqual(72);
  });

  it('handles an empty or all-zero timeline without throwing', () => {
    const r = load();
    r.timeline = [];
    expect(renderTimelines(r, { color: false })).toContain('(no data)');
    r.timeline = [point(0), point(1), point(2)];
    expect(renderTimelines(r, { color: false })).toContain('Queue depth (all zero)');
  });
});

describe('renderOverlay', () => {
  it('tells series apart by glyph without colour and by colour with it', () => {
    const series = [
      { label: 'a', values: [0, 5, 10, 5] },
      { label: 'b', values: [10, 5, 0, 0] },
    ];
    const plain = renderOverlay(series, { title: 'T', color: false, height: 4 });
    expect(plain).toContain('·');
    expect(plain).toContain('── a   ·· b');
    const colored = renderOverlay(series, { title: 'T', color: true, height: 4 });
    expect(colored).toMatch(ANSI_RE);
    expect(colored.replace(ANSI_RE, '')).not.toContain('·');
  });

  it('tells eight series apart: eight glyphs without colour, eight colour+glyph pairs with it', () => {
    const series = Array.from({ length: 8 }, (_, j) => ({ label: `s${j}`, values: [j, j + 1, j + 2, j + 1] }));
    const legendOf = (out: string) =>
      out
        .replace(ANSI_RE, '')
        .split('\n')
        .at(-1)!
        .trim()
        .split(/\s{3,}/);
    const plain = legendOf(renderOverlay(series, { title: 'T', color: false, height: 6 }));
    expect(plain).toHaveLength(8);
    expect(new Set(plain.map((item) => item.split(' ')[0])).size).toBe(8);
    const colored = renderOverlay(series, { title: 'T', color: true, height: 6 });
    const legendLine = colored.split('\n').at(-1)!;
    // eslint-disable-next-line no-control-regex -- control characters are what this pattern finds
    const pairs = [...legendLine.matchAll(/\u001b\[(\d+)m([^\u001b]+)\u001b\[39m/g)].map((m) => `${m[1]}${m[2]}`);
    expect(new Set(pairs).size).toBe(8);
    // Eight strategy names do not fit one legend line: it wraps within the width, every item kept.
    const named = series.map((x, j) => ({
      ...x,
      label: ['drop', 'raise', 'reject-429', 'reject-503', 'priority-shed', 'persistent', 'unbounded', 'block'][j],
    }));
    const lines = renderOverlay(named, { title: 'T', color: false, height: 6, width: 72 }).split('\n');
    for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(72);
    expect(lines.join(' ')).toMatch(/── drop .*@@ block/);
  });

  it('marks faults and crashes under the x axis, at the column of their second, with a key', () => {
    const r = load();
    r.timeline = Array.from({ length: 21 }, (_, t) => point(t, { completed: 5 }));
    r.config = {
      faults: [
        { at: 5000, kind: 'backend-outage', duration: 3000 },
        { at: 11_000, kind: 'crash-service', restartAfter: 2000 },
      ],
    };
    r.crashes = [
      { at_ms: 11_000, kind: 'crash-service', queued_at_kill: 3, in_flight_at_kill: 1, recovered_after_restart: 3, restart_ms: 2000, time_to_recover_ms: 2100 },
    ];
    const [depth] = renderTimelines(r, { color: false }).split('\n\n');
    const lines = depth.split('\n');
    const axis = lines.findIndex((l) => /^\s+0s\s+20s$/.test(l));
    const row = lines[axis + 1];
    const zero = lines[axis].indexOf('0s'); // the column of second 0
    expect(row[zero + 5]).toBe('!');
    expect(row.slice(zero + 6, zero + 9)).toBe('---');
    expect(row[zero + 11]).toBe('X');
    expect(row[zero + 13]).toBe('R');
    expect(lines[axis + 2].trim()).toBe('events: ! backend-outage 5.00 s–8.00 s · X crash-service 11.00 s · R restart-service 13.00 s');
  });

  it('treats NaN and negatives as zero and survives empty input', () => {
    expect(() => renderOverlay([{ label: 'x', values: [Number.NaN, -3, 2] }], { title: 'T', color: false })).not.toThrow();
    expect(renderOverlay([], { title: 'T', color: false })).toBe('T\n  (no data)');
    expect(renderOverlay([{ label: 'x', values: [] }], { title: 'T', color: false })).toBe('T\n  (no data)');
  });
});

describe('downsample', () => {
  it('reduces buckets by max or sum, keeping a partial last bucket', () => {
    expect(downsample([1, 5, 2, 2, 9], 2, 'max')).toEqual([5, 2, 9]);
    expect(downsample([1, 5, 2, 2, 9], 2, 'sum')).toEqual([6, 4, 9]);
    expect(downsample([1, 2], 1, 'sum')).toEqual([1, 2]);
    expect(downsample([1, 5, 2, 2, 9], 2, 'mean')).toEqual([3, 2, 9]);
  });
});
