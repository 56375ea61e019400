import asciichart from 'asciichart';
import { maxOf } from '../../units/index.js';
import { type RunResult, type TimelinePoint } from '../../model/index.js';
import { type Aggregate, bucketSize, clean, downsample } from '../text/downsample.js';
import { escapeTerminalDeep } from '../text/escape.js';
import { runMarkers, markerLines, type Marker } from '../text/markers.js';
import { makeChalk, OUTCOME_ANSI } from '../text/palette.js';
import { fitWidth } from '../text/width.js';
import { wrapItems, wrapLine } from '../text/wrap.js';

export type ChartColor = 'green' | 'yellow' | 'magenta' | 'cyan' | 'red' | 'blue' | 'white' | 'gray';

export interface Series {
  label: string;
  values: number[];
  /** Terminal colour; a distinct default is picked per series when omitted. */
  color?: ChartColor;
}

export interface OverlayOptions {
  title: string;
  color: boolean;
  /** Plot rows. @default 8 */
  height?: number;
  /** Total width in columns, axis labels, legend and event key included. @default DEFAULT_WIDTH (120) */
  width?: number;
  /** How to merge points when downsampling: 'mean' for per-second rates, 'max' for levels. @default 'max' */
  aggregate?: Aggregate;
  /** Seconds of the first and last point, printed under the plot. */
  xRange?: [number, number];
  /** Faults and crashes, marked under the x axis at the column of their second. */
  markers?: Marker[];
}

export const LABEL_WIDTH = 8;
/** Eight colours and eight glyphs: a compare of every strategy gets eight series told apart. */
export const DEFAULT_COLORS: ChartColor[] = ['blue', 'magenta', 'yellow', 'cyan', 'green', 'red', 'white', 'gray'];
/** Without colour, overlaid lines are told apart by glyph; the first keeps asciichart's box lines. */
const GLYPHS = ['', '·', '×', '+', 'o', '#', '%', '@'];
/** Beyond this many series, 16-colour terminals have no colours left that read apart: glyphs are drawn too. */
const COLOR_ONLY_MAX = 6;

/**
 * Several series on one asciichart plot with a legend. Each series is plotted alone on the same
 * scale and the grids are merged, so every cell knows its series: that gives per-series glyphs
 * without colour and per-series colour with it. Later series draw over earlier ones.
 */
export function renderOverlay(series: Series[], opts: OverlayOptions): string {
  const width = fitWidth(opts.width);
  const longest = maxOf(
    series.map((s) => s.values.length),
    0,
  );
  if (series.length === 0 || longest === 0) return `${opts.title}\n  (no data)`;
  const size = bucketSize(longest, width - LABEL_WIDTH - 2);
  const data = series.map((s) => downsample(clean(s.values), size, opts.aggregate ?? 'max'));
  const peak = data.reduce((m, values) => maxOf(values, m), 0);
  const cfg = { min: 0, max: Math.max(peak, 1), height: opts.height ?? 8, offset: 2, format: axisFormat(peak, LABEL_WIDTH) };
  const glyphs = !opts.color || series.length > COLOR_ONLY_MAX;
  const grids = data.map((values, j) => plotRows(values, { ...cfg, symbols: symbolsFor(j, glyphs) }));
  const colors = series.map((s, j) => s.color ?? DEFAULT_COLORS[j % DEFAULT_COLORS.length]);
  const plot = mergeGrids(grids, colors, opts.color);
  const columns = maxOf(data.map((d) => d.length));
  // Point i of the plot sits in column LABEL_WIDTH + 1 + i (the first on the axis itself).
  const marks = markerLines(opts.markers ?? [], opts.xRange?.[0] ?? 0, size, columns, LABEL_WIDTH + 1, width);
  const heading = wrapLine(chartTitle(opts.title, size, peak, opts.aggregate), width).join('\n');
  return [heading, plot, xAxis(opts.xRange, columns, LABEL_WIDTH + 1), ...marks, legend(series, colors, opts.color, glyphs, width)]
    .filter((l) => l !== '')
    .join('\n');
}

export interface TimelineOptions {
  color: boolean;
  /** @default DEFAULT_WIDTH (120) */
  width?: number;
  /** Plot rows per chart. @default 8 */
  height?: number;
}

/** The two run timelines of the terminal summary: queue depth, and outcomes per second. */
export function renderTimelines(untrusted: RunResult, opts: TimelineOptions): string {
  const result = escapeTerminalDeep(untrusted); // marker kinds come from the result
  const tl = result.timeline;
  const base = { color: opts.color, width: opts.width, height: opts.height, xRange: timeRange(tl), markers: runMarkers(result) };
  const depth =
    result.queue.depth_visible === false
      ? 'Queue depth: not visible (your own service without service.metrics)'
      : renderOverlay([{ label: 'queue depth', values: tl.map((p) => p.depth ?? 0), color: 'blue' }], {
          ...base,
          title: 'Queue depth',
          aggregate: 'max',
        });
  const outcomes = renderOverlay(outcomeSeries(tl), {
    ...base,
    title: 'Outcomes per second',
    aggregate: 'mean',
  });
  return `${depth}\n\n${outcomes}`;
}

/** completed always; the others only when they happened: a flat lost line at zero reads as loss. */
function outcomeSeries(tl: TimelinePoint[]): Series[] {
  const keys = ['completed', 'shed', 'rejected', 'failed', 'lost'] as const;
  return keys.filter((k) => k === 'completed' || tl.some((p) => p[k] > 0)).map((k) => ({ label: k, values: tl.map((p) => p[k]), color: OUTCOME_ANSI[k] }));
}

/** Timeline `t` in seconds. It is documented as seconds; a step of 1000 means ms and is scaled. */
export function timelineSeconds(tl: TimelinePoint[]): number[] {
  const step = tl.length > 1 ? tl[1].t - tl[0].t : 1;
  const scale = step >= 1000 ? 1000 : 1;
  return tl.map((p) => p.t / scale);
}

/** The first and last second of a timeline, for the x axis. */
export function timeRange(tl: TimelinePoint[]): [number, number] | undefined {
  if (tl.length === 0) return undefined;
  const t = timelineSeconds(tl);
  return [t[0], t[t.length - 1]];
}

export function plotRows(values: number[], cfg: Parameters<typeof asciichart.plot>[1]): string[][] {
  return asciichart
    .plot(values, cfg)
    .split('\n')
    .map((row) => Array.from(row));
}

function symbolsFor(index: number, glyphs: boolean): string[] | undefined {
  const glyph = GLYPHS[index % GLYPHS.length];
  if (!glyphs || glyph === '') return undefined;
  return ['┼', '┤', glyph, glyph, glyph, glyph, glyph, glyph, glyph, glyph];
}

function mergeGrids(grids: string[][][], colors: ChartColor[], color: boolean): string {
  const c = makeChalk(color);
  const plotStart = LABEL_WIDTH + 2; // label, its trailing space, then the axis
  return grids[0]
    .map((row, y) => {
      const cells = [...row];
      const owner: number[] = cells.map(() => -1);
      grids.forEach((grid, j) => {
        for (let x = plotStart; x < grid[y].length; x++) {
          if (grid[y][x] !== ' ') [cells[x], owner[x]] = [grid[y][x], j];
        }
      });
      return cells
        .map((ch, x) => (owner[x] >= 0 ? c[colors[owner[x]]](ch) : ch))
        .join('')
        .trimEnd();
    })
    .join('\n');
}

/** Axis labels in `labelWidth` columns, then a space: thousands as k from 1,000 up. */
export function axisFormat(peak: number, labelWidth: number): (x: number) => string {
  const text = (x: number) => {
    if (peak >= 10_000) return `${(x / 1000).toFixed(0)}k`;
    if (peak >= 1000) return `${(x / 1000).toFixed(1)}k`;
    return peak >= 10 ? x.toFixed(0) : x.toFixed(1);
  };
  return (x) => `${text(x).padStart(labelWidth)} `;
}

/** A chart's title with what the reader must know to read it: how it was downsampled, that it is all zero, and any `extra`. */
export function chartTitle(text: string, size: number, peak: number, aggregate: Aggregate = 'max', extra: string[] = []): string {
  const notes: string[] = [];
  if (size > 1) notes.push(`downsampled: 1 column = ${size} s, ${AGGREGATE_NOTE[aggregate]}`);
  if (peak === 0) notes.push('all zero');
  notes.push(...extra);
  return notes.length ? `${text} (${notes.join('; ')})` : text;
}

const AGGREGATE_NOTE: Record<Aggregate, string> = {
  max: 'the peak of its seconds',
  mean: 'the per-second average of its seconds',
  sum: 'the sum of its seconds',
};

/** The first and last second under the plot's first and last column, which starts `indent` columns in. */
export function xAxis(range: [number, number] | undefined, columns: number, indent: number): string {
  if (!range) return '';
  const [from, to] = range.map((s) => `${Math.round(s)}s`);
  const gap = Math.max(1, columns - from.length - to.length);
  return `${' '.repeat(indent)}${from}${' '.repeat(gap)}${to}`;
}

function legend(series: Series[], colors: ChartColor[], color: boolean, glyphs: boolean, width: number): string {
  if (series.length < 2) return '';
  const c = makeChalk(color);
  const items = series.map((s, j) => {
    const glyph = glyphs ? GLYPHS[j % GLYPHS.length] || '─' : '─';
    return `${c[colors[j]](glyph.repeat(2))} ${s.label}`;
  });
  return wrapItems(items, width - LABEL_WIDTH - 1)
    .map((line) => `${' '.repeat(LABEL_WIDTH + 1)}${line}`)
    .join('\n');
}
