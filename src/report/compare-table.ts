import { maxOf, type RunResult } from '../model/index.js';
import { renderOverlay, timeRange } from './chart.js';
import { runMarkers } from './markers.js';
import type { ChalkInstance } from 'chalk';
import { bestMask, COMPARE_COLUMNS, type CompareColumn } from './compare-columns.js';
import { escapeTerminalDeep, visibleWidth } from './escape.js';
import { fmtInt } from './format.js';
import { makeChalk } from './palette.js';
import { textTable } from './text-table.js';

/** The marker put after a best value; it is there with colour too, for colour-blind readers and logs. */
export const BEST_MARK = '*';

/** The widest a compare table may print before it is split in two (a common terminal and CI log width). */
export const COMPARE_TABLE_WIDTH = 120;

/**
 * One row per strategy, the best value of each column marked. When the table would be wider
 * than `width`, it is printed as two tables (outcomes, then latency and queue), each row led by
 * its strategy, rather than wrapping in the terminal.
 */
export function renderCompareTable(untrusted: RunResult[], opts: { color: boolean; width?: number }): string {
  if (untrusted.length === 0) return 'No results to compare.\n';
  // Strategy and scenario names come from the results: made inert before any colour is added.
  const results = escapeTerminalDeep(untrusted);
  const c = makeChalk(opts.color);
  const first = results[0];
  const title = c.bold(`Compare  ${first.scenario} · ${first.mode} · seed ${first.seed} · ${fmtInt(first.totals.scheduled)} scheduled`);
  const note = c.dim(`${BEST_MARK} best in column (lower is better except completed; shed, rejected and tokens not ranked)`);
  const whole = tableOf(c, results, COMPARE_COLUMNS);
  if (maxWidth(whole) <= (opts.width ?? COMPARE_TABLE_WIDTH)) return `${title}\n${whole}\n${note}\n`;
  const split = COMPARE_COLUMNS.findIndex((col) => col.key === 'p50');
  const parts = [tableOf(c, results, COMPARE_COLUMNS.slice(0, split)), tableOf(c, results, COMPARE_COLUMNS.slice(split))];
  return `${title}\n${parts.join('\n\n')}\n${note}\n`;
}

function tableOf(c: ChalkInstance, results: RunResult[], columns: CompareColumn[]): string {
  const masks = columns.map((col) => bestMask(col, results));
  const rows = results.map((r, i) => [
    c.bold(r.strategy),
    ...columns.map((col, j) => {
      const text = col.format(r);
      if (masks[j][i]) return c.green.bold(`${text}${BEST_MARK}`);
      return col.key === 'lost' && r.totals.lost > 0 ? c.red(`${text} `) : `${text} `;
    }),
  ]);
  const header = ['strategy', ...columns.map((col) => `${col.header} `)];
  return textTable(header, rows, { styleHeader: c.dim });
}

function maxWidth(text: string): number {
  return maxOf(text.split('\n').map(visibleWidth));
}

export interface CompareChartOptions {
  color: boolean;
  /** @default 72 */
  width?: number;
  /** @default 8 */
  height?: number;
}

/** Queue depth and lost-per-second, one line per strategy on a shared scale. */
export function renderCompareCharts(untrusted: RunResult[], opts: CompareChartOptions): string {
  const results = escapeTerminalDeep(untrusted); // series labels are strategy names
  const longest = results.reduce((a, r) => (r.timeline.length > a.timeline.length ? r : a), results[0]);
  const base = {
    color: opts.color,
    width: opts.width,
    height: opts.height,
    xRange: longest && timeRange(longest.timeline),
    markers: longest && runMarkers(longest, { scheduledOnly: true }),
  };
  const depth = results.map((r) => ({ label: r.strategy, values: r.timeline.map((p) => p.depth ?? 0) }));
  const lost = results.map((r) => ({ label: r.strategy, values: r.timeline.map((p) => p.lost) }));
  return [
    renderOverlay(depth, { ...base, title: 'Queue depth by strategy', aggregate: 'max' }),
    renderOverlay(lost, { ...base, title: 'Lost per second by strategy', aggregate: 'mean' }),
  ].join('\n\n');
}
