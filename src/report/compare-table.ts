import type { RunResult } from '../model/index.js';
import { renderOverlay, timeRange } from './chart.js';
import { bestMask, COMPARE_COLUMNS } from './compare-columns.js';
import { fmtInt } from './format.js';
import { makeChalk } from './palette.js';
import { textTable } from './text-table.js';

/** The marker put after a best value; it is there with colour too, for colour-blind readers and logs. */
export const BEST_MARK = '*';

/** One row per strategy, the best value of each column marked. */
export function renderCompareTable(results: RunResult[], opts: { color: boolean }): string {
  if (results.length === 0) return 'No results to compare.\n';
  const c = makeChalk(opts.color);
  const masks = COMPARE_COLUMNS.map((col) => bestMask(col, results));
  const rows = results.map((r, i) => [
    c.bold(r.strategy),
    ...COMPARE_COLUMNS.map((col, j) => {
      const text = col.format(r);
      if (masks[j][i]) return c.green.bold(`${text}${BEST_MARK}`);
      return col.key === 'lost' && r.totals.lost > 0 ? c.red(`${text} `) : `${text} `;
    }),
  ]);
  const header = ['strategy', ...COMPARE_COLUMNS.map((col) => `${col.header} `)];
  const first = results[0];
  const title = c.bold(`Compare  ${first.scenario} · ${first.mode} · seed ${first.seed} · ${fmtInt(first.totals.scheduled)} scheduled`);
  const table = textTable(header, rows, { styleHeader: c.dim });
  const note = c.dim(`${BEST_MARK} best in column (lower is better except completed; shed, rejected and tokens not ranked)`);
  return `${title}\n${table}\n${note}\n`;
}

export interface CompareChartOptions {
  color: boolean;
  /** @default 72 */
  width?: number;
  /** @default 8 */
  height?: number;
}

/** Queue depth and lost-per-second, one line per strategy on a shared scale. */
export function renderCompareCharts(results: RunResult[], opts: CompareChartOptions): string {
  const longest = results.reduce((a, r) => (r.timeline.length > a.timeline.length ? r : a), results[0]);
  const base = { color: opts.color, width: opts.width, height: opts.height, xRange: longest && timeRange(longest.timeline) };
  const depth = results.map((r) => ({ label: r.strategy, values: r.timeline.map((p) => p.depth) }));
  const lost = results.map((r) => ({ label: r.strategy, values: r.timeline.map((p) => p.lost) }));
  return [
    renderOverlay(depth, { ...base, title: 'Queue depth by strategy', aggregate: 'max' }),
    renderOverlay(lost, { ...base, title: 'Lost per second by strategy', aggregate: 'sum' }),
  ].join('\n\n');
}
