import { maxOf } from '../../units/index.js';
import { type RunResult } from '../../model/index.js';
import { renderOverlay, timeRange } from './chart.js';
import { runMarkers } from '../text/markers.js';
import type { ChalkInstance } from 'chalk';
import { bestMask, COMPARE_COLUMNS, type CompareColumn } from '../text/compare-columns.js';
import { escapeTerminalDeep, visibleWidth } from '../text/escape.js';
import { fmtInt } from '../text/format.js';
import { makeChalk } from '../text/palette.js';
import { renderSmallMultiples } from './small-multiples.js';
import { textTable } from '../text/text-table.js';
import { fitWidth } from '../text/width.js';
import { wrapText } from '../text/wrap.js';

/** The marker put after a best value; it is there with colour too, for colour-blind readers and logs. */
export const BEST_MARK = '*';

/**
 * The columns a table too wide for the terminal leaves out, the first first: the figures a
 * comparison is least often decided on go before the outcomes and tail latency it is about.
 * Before any goes, three headers are shortened (ABBREVIATED). Strategy and lost always stay.
 */
export const COMPARE_DROP_ORDER = ['tokens', 'retry amp', 'p50', 'rejected', 'shed', 'failed', 'drain', 'max depth', 'drop rate', 'completed', 'p99'];
const ABBREVIATED: Record<string, string> = { 'max depth': 'depth', 'retry amp': 'retry×', 'drop rate': 'drop%' };

/**
 * One row per strategy, the best value of each column marked. When the table would be wider
 * than `width` (default DEFAULT_WIDTH, 120), it is printed as two tables (outcomes, then latency
 * and queue), each row led by its strategy, rather than wrapping in the terminal; a part still
 * too wide leaves columns out in COMPARE_DROP_ORDER and says which.
 */
export function renderCompareTable(untrusted: RunResult[], opts: { color: boolean; width?: number }): string {
  if (untrusted.length === 0) return 'No results to compare.\n';
  // Strategy and scenario names come from the results: made inert before any colour is added.
  const results = escapeTerminalDeep(untrusted);
  const c = makeChalk(opts.color);
  const first = results[0];
  const title = c.bold(`Compare  ${first.scenario} · ${first.mode} · seed ${first.seed} · ${fmtInt(first.totals.scheduled)} scheduled`);
  const note = c.dim(`${BEST_MARK} best in column (lower is better except completed; shed, rejected and tokens not ranked)`);
  const width = fitWidth(opts.width);
  const whole = tableOf(c, results, COMPARE_COLUMNS);
  if (maxWidth(whole) <= width) return `${wrapText(`${title}\n${whole}\n${note}`, width)}\n`;
  const split = COMPARE_COLUMNS.findIndex((col) => col.key === 'p50');
  const parts = [tableOf(c, results, COMPARE_COLUMNS.slice(0, split), width), tableOf(c, results, COMPARE_COLUMNS.slice(split), width)];
  return `${wrapText(title, width)}\n${parts.join('\n\n')}\n${wrapText(note, width)}\n`;
}

function tableOf(c: ChalkInstance, results: RunResult[], columns: CompareColumn[], width?: number): string {
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
  return textTable(header, rows, { styleHeader: c.dim, width, drop: COMPARE_DROP_ORDER, abbreviate: ABBREVIATED });
}

function maxWidth(text: string): number {
  return maxOf(text.split('\n').map(visibleWidth));
}

export interface CompareChartOptions {
  color: boolean;
  /** @default DEFAULT_WIDTH (120) */
  width?: number;
  /** Plot rows of an overlay; small multiples get half. @default 8 */
  height?: number;
}

/** Up to this many strategies share one chart; more get one small chart each (small multiples). */
export const OVERLAY_MAX_SERIES = 4;

/**
 * Queue depth and lost-per-second on a shared scale: one line per strategy on one chart for up
 * to OVERLAY_MAX_SERIES strategies, one small chart per strategy beyond that.
 */
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
  if (results.length > OVERLAY_MAX_SERIES) {
    const small = { ...base, height: opts.height === undefined ? undefined : Math.max(2, Math.round(opts.height / 2)) };
    return [
      renderSmallMultiples(depth, { ...small, title: 'Queue depth by strategy', aggregate: 'max' }),
      renderSmallMultiples(lost, { ...small, title: 'Lost per second by strategy', aggregate: 'mean' }),
    ].join('\n\n');
  }
  return [
    renderOverlay(depth, { ...base, title: 'Queue depth by strategy', aggregate: 'max' }),
    renderOverlay(lost, { ...base, title: 'Lost per second by strategy', aggregate: 'mean' }),
  ].join('\n\n');
}
