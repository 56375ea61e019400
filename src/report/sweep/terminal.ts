import { OUTCOMES, type SweepResult } from '../../model/index.js';
import { fmtInt, fmtMs, fmtPct } from '../text/format.js';
import { makeChalk } from '../text/palette.js';
import { badness, heatSlices, searchSentence, showAxisValue, strategyWords, SWEEP_METRICS, type HeatSlice, type SweepMetric } from './metrics.js';
import { textTable } from '../text/text-table.js';
import { escapeTerminalDeep } from '../text/escape.js';
import { fitWidth } from '../text/width.js';
import { wrapText } from '../text/wrap.js';

export interface SweepTextOptions {
  color?: boolean;
  /** No line is longer: see SWEEP_DROP_ORDER for the points table; heat maps split their columns. @default DEFAULT_WIDTH (120) */
  width?: number;
}

/**
 * The points table's columns left out when it is too wide, the first first (after the varied
 * fields' headers are shortened to their last name): what the heat maps show again goes first.
 */
export const SWEEP_DROP_ORDER = ['rejected', 'failed', 'shed', 'completed', 'p99'];

/** Shades from best to worst: a heat map that survives a pipe and a monochrome terminal. */
const SHADES = [' ', '░', '▒', '▓', '█'];

/**
 * A sweep for the terminal: every point with its totals and gates (frontier points marked *),
 * then, for two varied fields, one heat map per metric, then the search's answer.
 */
export function renderSweep(untrusted: SweepResult, opts: SweepTextOptions = {}): string {
  // Field paths, values, gates and the scenario's name come from the sweep: made inert before any colour is added.
  const s = escapeTerminalDeep(untrusted);
  const c = makeChalk(opts.color ?? false);
  const width = fitWidth(opts.width);
  const header = [...s.axes.map((a) => a.path), 'completed', 'shed', 'rejected', 'failed', 'lost', 'p99', 'gates', ''];
  const rows = s.points.map((p) => [
    ...p.values.map(showAxisValue),
    fmtInt(p.totals.completed),
    fmtInt(p.totals.shed),
    fmtInt(p.totals.rejected),
    fmtInt(p.totals.failed),
    p.totals.lost ? c.red(fmtInt(p.totals.lost)) : fmtInt(p.totals.lost),
    fmtMs(p.latency_ms.p99),
    s.gates.length === 0 ? '-' : p.pass ? c.green('pass') : c.red('FAIL'),
    s.frontier.includes(p.index) ? '*' : '',
  ]);
  const align = header.map((_, i) => (i < s.axes.length || i >= header.length - 2 ? 'left' : 'right') as 'left' | 'right');
  const parts = [
    [
      c.bold(
        `sweep ${s.scenario}${strategyWords(s) ? ` · ${strategyWords(s)}` : ''}: ${s.points.length} points in sim, seed ${s.seed}, ${s.wall.threads} thread${s.wall.threads === 1 ? '' : 's'}`,
      ),
      // What "pass" means here: the scenario's gates and each --gate, all of them.
      s.gates.length === 0 ? 'gates: none (no point is judged)' : `gates: ${s.gates.join(', ')}`,
    ].join('\n'),
    textTable(header, rows, { align, styleHeader: c.dim, width, drop: SWEEP_DROP_ORDER, abbreviate: shortPaths(s.axes.map((a) => a.path)) }),
    c.dim('* on the Pareto frontier: no other point completes at least as many with a p99 at least as low, and does better on one'),
  ];
  for (const slice of heatSlices(s)) parts.push(...SWEEP_METRICS.map((m) => heatMap(s, slice, m, c.dim, width)));
  const answer = searchSentence(s);
  if (answer) parts.push(c.bold(answer));
  if (s.verify) parts.push(liveCheckTable(s, width));
  if (s.interrupted) parts.push(c.yellow('interrupted: the points not yet started did not run'));
  // Tables fit already; titles and sentences wrap.
  return wrapText(parts.join('\n\n'), width);
}

/** A varied field's header by its last name (`service.workers` → `workers`), where no two share it. */
function shortPaths(paths: string[]): Record<string, string> {
  const last = (p: string) => p.split('.').at(-1)!;
  return Object.fromEntries(paths.filter((p) => paths.filter((q) => last(q) === last(p)).length === 1).map((p) => [p, last(p)]));
}

/** One metric over two varied fields: rows the first, columns the second, each cell shaded by how bad it is among all points. */
function heatMap(s: SweepResult, slice: HeatSlice, m: SweepMetric, dim: (t: string) => string, width: number): string {
  const { rows, cols } = slice;
  const bad = badness(s, m);
  const cell = (i: number, j: number) => {
    const p = slice.at(i, j);
    if (!p) return '';
    const shade = SHADES[Math.min(SHADES.length - 1, Math.round(bad(p) * (SHADES.length - 1)))];
    return `${m.show(m.value(p))} ${shade.repeat(2)}`;
  };
  const corner = `${rows.path} \\ ${cols.path}`;
  const short = shortPaths([rows.path, cols.path]);
  // Too wide, the corner shortens to the fields' last names, then the columns go to further tables: no cell of a map is left out.
  const table = textTable(
    [corner, ...cols.values.map(showAxisValue)],
    rows.values.map((v, i) => [showAxisValue(v), ...cols.values.map((_, j) => cell(i, j))]),
    { styleHeader: dim, width, split: true, abbreviate: { [corner]: `${short[rows.path] ?? rows.path} \\ ${short[cols.path] ?? cols.path}` } },
  );
  const where = slice.label ? ` at ${slice.label}` : '';
  return `${m.name}${where} (${m.higherIsWorse ? 'darker is higher, worse' : 'darker is lower, worse'})\n${table}`;
}

/** Frontier points re-run live: each outcome's share in sim and live side by side, and the widest gap. */
function liveCheckTable(s: SweepResult, width: number): string {
  const checks = s.verify ?? [];
  if (checks.length === 0) return 'live check: no frontier point was re-run';
  const label = (i: number) =>
    s.points
      .find((p) => p.index === i)!
      .values.map(showAxisValue)
      .join(', ');
  const header = ['point', ...OUTCOMES.map((o) => `${o} sim / live`), 'widest gap', 'live run'];
  const rows = checks.map((ch) => [
    label(ch.index),
    ...OUTCOMES.map((o) => `${fmtPct(ch.sim[o], 1)} / ${fmtPct(ch.live[o], 1)}`),
    `${ch.max_diff_points} points`,
    ch.live_valid ? 'valid' : 'INVALID (the generator fell behind)',
  ]);
  return `live check: frontier points re-run live (${s.axes.map((a) => a.path).join(', ')})\n${textTable(header, rows, { width, split: true })}`;
}
