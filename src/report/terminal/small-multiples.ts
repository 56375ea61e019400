import { maxOf } from '../../units/index.js';
import { axisFormat, chartTitle, DEFAULT_COLORS, plotRows, xAxis, type OverlayOptions, type Series } from './chart.js';
import { bucketSize, clean, downsample } from '../text/downsample.js';
import { visibleWidth } from '../text/escape.js';
import { markerLines } from '../text/markers.js';
import { makeChalk } from '../text/palette.js';
import { fitWidth } from '../text/width.js';
import { truncate, wrapLine } from '../text/wrap.js';

/** Columns between two charts of a row. */
const GAP = 3;
/** The narrowest a chart may be and still show a run's shape (axis labels included). */
const MIN_PANEL = 34;

/**
 * One small chart per series, all on one y scale and one x axis, as many to a row as the width
 * holds. Past four or so series an overlay is a tangle in which no line can be followed; side by
 * side each stays readable and the shared scale keeps them comparable. Each chart is titled with
 * its series' label; the event key is printed once, under all of them.
 */
export function renderSmallMultiples(series: Series[], opts: OverlayOptions): string {
  const width = fitWidth(opts.width);
  const longest = maxOf(
    series.map((s) => s.values.length),
    0,
  );
  if (series.length === 0 || longest === 0) return `${opts.title}\n  (no data)`;
  const perRow = Math.max(1, Math.min(series.length, Math.floor((width + GAP) / (MIN_PANEL + GAP))));
  const panel = Math.floor((width - GAP * (perRow - 1)) / perRow);
  // The label column is as wide as the top label (the widest): panels have no room for the overlay's fixed eight.
  let labelWidth = 3;
  let size = 1;
  let peak = 0;
  for (let tries = 0; tries < 3; tries++) {
    size = bucketSize(longest, panel - labelWidth - 2);
    peak = peakOf(series, size, opts);
    const need = Math.max(3, axisFormat(peak, 0)(peak).trim().length);
    if (need <= labelWidth) break;
    labelWidth = need;
  }
  const format = axisFormat(peak, labelWidth);
  const label = labelWidth + 1; // the label and its space: the axis, and the first point, are in the next column
  const cfg = { min: 0, max: Math.max(peak, 1), height: opts.height ?? 4, offset: 2, format };
  const c = makeChalk(opts.color);
  const columns = Math.ceil(longest / size);
  const t0 = opts.xRange?.[0] ?? 0;
  const panels = series.map((s, j) => {
    const values = downsample(clean(s.values), size, opts.aggregate ?? 'max');
    const paint = c[s.color ?? DEFAULT_COLORS[j % DEFAULT_COLORS.length]];
    const plot = plotRows(values, cfg).map((cells) => {
      const row = cells.join('').trimEnd();
      // The label and axis stay plain; the line takes the series' colour.
      return row.slice(0, label + 1) + paint(row.slice(label + 1));
    });
    const marks = markerLines(opts.markers ?? [], t0, size, columns, label).slice(0, 1);
    return [c.bold(truncate(s.label, panel)), ...plot, xAxis(opts.xRange, columns, label), ...marks].filter((l) => l !== '');
  });
  const rows: string[] = [];
  for (let i = 0; i < panels.length; i += perRow) rows.push(sideBySide(panels.slice(i, i + perRow), panel));
  const key = markerLines(opts.markers ?? [], t0, size, columns, 0, width).slice(1);
  const heading = chartTitle(opts.title, size, peak, opts.aggregate, ['one chart per strategy, same scale']);
  return [...wrapLine(heading, width), rows.join('\n\n'), ...key].join('\n');
}

/** The largest value any series reaches once downsampled by `size`: the shared top of every chart. */
function peakOf(series: Series[], size: number, opts: OverlayOptions): number {
  return series.reduce((m, s) => maxOf(downsample(clean(s.values), size, opts.aggregate ?? 'max'), m), 0);
}

/** Charts laid out in one row, each padded to `panel` columns; the last line of each row has no trailing spaces. */
function sideBySide(panels: string[][], panel: number): string {
  const height = maxOf(panels.map((p) => p.length));
  const lines: string[] = [];
  for (let y = 0; y < height; y++) {
    const cells = panels.map((p) => p[y] ?? '');
    lines.push(
      cells
        .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat(Math.max(0, panel - visibleWidth(cell)) + GAP)))
        .join('')
        .trimEnd(),
    );
  }
  return lines.join('\n');
}
