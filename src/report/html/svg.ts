import { escapeHtml as e } from '../text/escape.js';
import { fmtMs } from '../text/format.js';
import type { Marker } from '../text/markers.js';

/** One plotted line; `null` values leave a gap (e.g. latency in a second with no completions). */
export interface SvgSeries {
  name: string;
  color: string;
  values: (number | null)[];
  dashed?: boolean;
  /** Shade the area under the line (used for queue depth). */
  area?: boolean;
}

export interface LineChartSpec {
  /** The chart's kind, exposed as `data-chart` for tests and styling. */
  chart: string;
  strategy: string;
  /** Seconds of each point (the x axis). */
  t: number[];
  series: SvgSeries[];
  /** Top of the y axis: shared by the charts of one kind so strategies compare by eye. */
  yMax: number;
  yFormat: (v: number) => string;
  /** Faults and crashes: a dashed vertical line at a moment, a shaded band across a window. */
  markers?: Marker[];
}

const W = 420;
const H = 190;
const M = { left: 46, right: 12, top: 10, bottom: 24 };
const PW = W - M.left - M.right;
const PH = H - M.top - M.bottom;

/** An inline SVG line chart: gridlines, axes, and one `<path data-series data-points>` per series. */
export function lineChart(spec: LineChartSpec): string {
  const t0 = spec.t[0] ?? 0;
  const span = Math.max(1, (spec.t[spec.t.length - 1] ?? 0) - t0);
  const x = (t: number) => M.left + ((t - t0) / span) * PW;
  const y = (v: number) => M.top + PH - (Math.min(v, spec.yMax) / spec.yMax) * PH;
  const label = `${spec.chart} chart for ${spec.strategy}`;
  return [
    `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${e(label)}" data-chart="${e(spec.chart)}" data-strategy="${e(spec.strategy)}">`,
    `<title>${e(label)}</title>`,
    yGrid(spec, y),
    xAxis(spec.t, x),
    markerShapes(spec, x),
    ...spec.series.map((s) => seriesPath(s, spec.t, x, y)),
    spec.t.length === 0 ? `<text class="empty" x="${M.left + PW / 2}" y="${M.top + PH / 2}" text-anchor="middle">no data</text>` : '',
    '</svg>',
  ].join('\n');
}

/** A "nice" axis top (1, 2, 2.5, 5 × 10^k) at or above the data's maximum; 1 for all-zero data. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const mag = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * mag >= max) ?? 10;
  return step * mag;
}

function yGrid(spec: LineChartSpec, y: (v: number) => number): string {
  // yMax is 1, 2, 2.5 or 5 × 10^k: quarters for a leading 2 (0.5 steps), fifths otherwise.
  const lead = Number((spec.yMax / 10 ** Math.floor(Math.log10(spec.yMax))).toFixed(2));
  const parts = lead === 2 ? 4 : 5;
  const ticks = Array.from({ length: parts + 1 }, (_, i) => (i * spec.yMax) / parts);
  return ticks
    .map((v) => {
      const py = y(v).toFixed(1);
      return (
        `<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${py}" y2="${py}"/>` +
        `<text class="tick" x="${M.left - 6}" y="${py}" text-anchor="end" dominant-baseline="middle">${e(spec.yFormat(v))}</text>`
      );
    })
    .join('\n');
}

function xAxis(t: number[], x: (t: number) => number): string {
  if (t.length === 0) return '';
  const first = t[0];
  const last = t[t.length - 1];
  const step = niceMax((last - first) / 6 || 1);
  const ticks: number[] = [];
  for (let v = Math.ceil(first / step) * step; v <= last; v += step) ticks.push(v);
  const base = M.top + PH;
  const labels = ticks.map((v) => `<text class="tick" x="${x(v).toFixed(1)}" y="${base + 15}" text-anchor="middle">${e(`${Number(v.toFixed(2))}s`)}</text>`);
  return [`<line class="axis" x1="${M.left}" x2="${W - M.right}" y1="${base}" y2="${base}"/>`, ...labels].join('\n');
}

/** Splits the points at nulls into runs; each run becomes one subpath. */
function runs(s: SvgSeries, t: number[], x: (t: number) => number, y: (v: number) => number): string[][] {
  const out: string[][] = [];
  let run: string[] = [];
  s.values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v) || i >= t.length) {
      if (run.length) out.push(run);
      run = [];
      return;
    }
    run.push(`${x(t[i]).toFixed(1)},${y(v).toFixed(1)}`);
  });
  if (run.length) out.push(run);
  return out;
}

function seriesPath(s: SvgSeries, t: number[], x: (t: number) => number, y: (v: number) => number): string {
  const parts = runs(s, t, x, y);
  const points = parts.reduce((n, r) => n + r.length, 0);
  // A run of one point is drawn as a dot (zero-length segment with a round cap).
  const d = parts.map((r) => `M${r.join(' L')}${r.length === 1 ? ' h0.01' : ''}`).join(' ');
  const dash = s.dashed ? ' stroke-dasharray="5 3"' : '';
  const area = s.area && parts.length ? areaPath(parts, s.color, M.top + PH) : '';
  return (
    area +
    `<path class="series" data-series="${e(s.name)}" data-points="${points}" d="${d}" ` +
    `stroke="${e(s.color)}"${dash} fill="none"><title>${e(s.name)}</title></path>`
  );
}

function areaPath(parts: string[][], color: string, base: number): string {
  const d = parts
    .map((r) => {
      const firstX = r[0].split(',')[0];
      const lastX = r[r.length - 1].split(',')[0];
      return `M${firstX},${base} L${r.join(' L')} L${lastX},${base} Z`;
    })
    .join(' ');
  return `<path class="area" d="${d}" fill="${e(color)}" fill-opacity="0.12" stroke="none"/>`;
}

/** Markers inside the plotted time range; each carries its kind and time for a reader and for tests. */
function markerShapes(spec: LineChartSpec, x: (t: number) => number): string {
  if (!spec.markers?.length || spec.t.length === 0) return '';
  const first = spec.t[0];
  const last = spec.t[spec.t.length - 1];
  const clamp = (ms: number) => Math.min(last, Math.max(first, ms / 1000));
  return spec.markers
    .filter((m) => m.atMs / 1000 <= last && (m.endMs ?? m.atMs) / 1000 >= first)
    .map((m) => {
      const when = `${fmtMs(m.atMs)}${m.endMs !== undefined ? `–${fmtMs(m.endMs)}` : ''}`;
      const title = `<title>${e(`${m.kind} at ${when}`)}</title>`;
      const attrs = `class="marker" data-marker="${e(m.kind)}" data-at-ms="${m.atMs}"`;
      const x0 = x(clamp(m.atMs)).toFixed(1);
      if (m.endMs !== undefined) {
        const width = Math.max(1, x(clamp(m.endMs)) - x(clamp(m.atMs))).toFixed(1);
        return `<rect ${attrs} x="${x0}" y="${M.top}" width="${width}" height="${PH}" fill="#f59e0b" fill-opacity="0.15">${title}</rect>`;
      }
      return (
        `<line ${attrs} x1="${x0}" x2="${x0}" y1="${M.top}" y2="${M.top + PH}" stroke="${e(m.color ?? '#dc2626')}" stroke-dasharray="3 2">${title}</line>` +
        `<text class="tick" x="${x0}" y="${M.top + 8}" text-anchor="middle">${e(m.glyph)}</text>`
      );
    })
    .join('\n');
}
