import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  computeVerdict,
  exitCodeOf,
  renderVerdictLine,
  verdictOf,
  type GateResult,
  type MetricSource,
  type RunResult,
  type Scenario,
  type Verdict,
} from '../index.js';
import { escapeMd, escapeTerminal, jsonForTerminal, mdCode } from '../report/text/escape.js';
import { mdTable } from '../report/markdown/summary.js';
import { textTable } from '../report/text/text-table.js';
import { wrapLine } from '../report/text/wrap.js';
import { outputWidth } from './width.js';
import { interruptionOf, useColor, type CliContext } from './context.js';
import { gateResults, type GatePlan } from './gating.js';
import { REPEAT_FILE } from './out-dir.js';
import { displayPath, writeRun } from './result-files.js';
import { appendStepSummary, writeFilesAtomically } from './write-files.js';
import { figureAt, mapFigures, verdictHead, worstVerdict } from '../model/index.js';
import { maxOf, minOf } from '../units/index.js';
import { METRICS } from '../gate/index.js';

/**
 * --repeat N: the scenario N times with seeds s, s+1, …, each run's files in run-<k>/, then
 * repeat.json and summary.md with the spread of every figure and one verdict (--gate-on).
 */
export async function repeatInto(
  out: string,
  scenario: Scenario,
  { n, gateOn, gates, flags }: { n: number; gateOn: GateOn; gates: GatePlan; flags: { quiet?: boolean; json?: boolean } },
  ctx: CliContext,
  runOnce: (dir: string, seeded: Scenario) => Promise<RunResult>,
): Promise<number> {
  const results: RunResult[] = [];
  for (let k = 0; k < n && !interruptionOf(ctx); k++) {
    const dir = join(out, runFolder(k));
    mkdirSync(dir, { recursive: true });
    if (!flags.quiet && !flags.json) ctx.stdout.write(`run ${k + 1} of ${n} (seed ${scenario.seed + k})\n`);
    const r = await runOnce(dir, { ...scenario, seed: scenario.seed + k });
    writeRun(dir, r);
    results.push(r);
  }
  const summary = summarizeRepeat(results, gateOn, (figures) => gateResults(figures, gates), n);
  const { header, rows, runs } = repeatTable(summary);
  // The names, gates and reasons come from the scenario: escaped for each place they are shown.
  const title = (show: (s: string) => string) =>
    `${show(summary.scenario)} · ${show(summary.strategy)} · ${results.length} of ${n} runs · gates on the ${summary.gate_on === 'median' ? 'median' : 'worst run'}`;
  const medianGates = (summary.median_gates ?? []).map((g) => `- ${mdCode(g.expr)} on the median: ${escapeMd(g.detail ?? '')} — ${g.pass ? 'pass' : 'fail'}`);
  const md = [
    `# ${verdictHead(summary.verdict)} — ${title(escapeMd)}`,
    '',
    mdTable(header, rows),
    '',
    ...medianGates,
    ...(medianGates.length ? [''] : []),
    ...runs.map((r) => `- ${escapeMd(r)}`),
    '',
  ].join('\n');
  writeFilesAtomically(out, { [REPEAT_FILE]: `${JSON.stringify(summary, null, 2)}\n`, 'summary.md': md });
  appendStepSummary(ctx.env, md);
  const width = outputWidth(ctx);
  if (flags.json) ctx.stdout.write(`${jsonForTerminal(summary)}\n`);
  else if (!flags.quiet)
    ctx.stdout.write(
      `\n${title(escapeTerminal)}\n${textTable(header, rows, { indent: '  ', width })}\n${runs.flatMap((r) => wrapLine(`  ${escapeTerminal(r)}`, width, 4)).join('\n')}\nfiles: ${escapeTerminal(displayPath(out))}/repeat.json, summary.md, run-1…run-${results.length}/\n`,
    );
  const last = flags.json ? ctx.stderr : ctx.stdout;
  last.write(`${renderVerdictLine(summary.verdict, { color: useColor(ctx, last) })}\n`);
  return exitCodeOf(summary.verdict, interruptionOf(ctx));
}

/** Which run of a repeat a gate is judged on: the median of each figure over the valid runs, or every run (the worst verdict wins). */
export type GateOn = 'median' | 'worst';

export interface RepeatSummary {
  scenario: string;
  strategy: string;
  mode: 'live' | 'sim';
  gate_on: GateOn;
  runs: { seed: number; folder: string; verdict: Verdict }[];
  /** Each figure's spread over the runs that concluded (valid, not aborted or interrupted). */
  spread: Record<string, { min: number; median: number; max: number }>;
  /** With --gate-on median: the gates evaluated on the median figures. */
  median_gates?: GateResult[];
  verdict: Verdict;
}

/** The figures a repeat's spread shows, in order: outcomes, the rates and latencies gates most use, and how late the generator was. */
type Figure = [string, (r: RunResult) => number | null];
const SPREAD: Figure[] = [
  ...['completed', 'shed', 'rejected', 'failed', 'lost', 'drop_rate', 'max_depth'].map((m) => [m, (r: RunResult) => METRICS[m].get(r)] as Figure),
  ['p50_latency_ms', (r) => METRICS.p50_latency.get(r)],
  ['p99_latency_ms', (r) => METRICS.p99_latency.get(r)],
  ['behind_arrivals', (r) => r.validity.displacement?.arrivals ?? null],
  ['count_bound', (r) => r.validity.count_uncertainty ?? null],
  ['replay_difference', (r) => (r.validity.replay && 'on_time' in r.validity.replay ? r.validity.replay.max_difference : null)],
  ['send_lag_p99_ms', (r) => r.generator.lag_ms?.p99 ?? null],
];

/** The folder, inside the repeat's, where run k writes its files. */
const runFolder = (k: number) => `run-${k + 1}`;

/**
 * One verdict for N runs of one scenario (seeds s, s+1, …). `worst`: the worst of the runs'
 * verdicts. `median`: the gates judged on the median of every figure over the runs that
 * concluded, so one run a busy machine made invalid or unlucky does not decide alone; fewer than
 * half concluding is invalid.
 */
export function summarizeRepeat(results: RunResult[], gateOn: GateOn, judge: (figures: MetricSource) => GateResult[], planned: number): RepeatSummary {
  const concluded = results.filter((r) => ['pass', 'fail'].includes(verdictOf(r).status));
  const spread = Object.fromEntries(
    SPREAD.flatMap(([name, get]) => {
      const values = concluded.map(get).filter((v): v is number => v !== null);
      return values.length ? [[name, { min: minOf(values), median: median(values), max: maxOf(values) }]] : [];
    }),
  );
  const runs = results.map((r, k) => ({ seed: r.seed, folder: runFolder(k), verdict: verdictOf(r) }));
  const base = { scenario: results[0].scenario, strategy: results[0].strategy, mode: results[0].mode, gate_on: gateOn, runs, spread };
  if (gateOn === 'worst' || results.some((r) => verdictOf(r).status === 'interrupted')) return { ...base, verdict: worstOf(runs) };
  if (concluded.length * 2 < planned) {
    const reasons = [`only ${concluded.length} of ${planned} runs concluded; the median needs at least half`, ...worstOf(runs).reasons];
    return { ...base, verdict: { status: 'invalid', expected_failure: false, reasons } };
  }
  const figures = medianFigures(concluded);
  const gates = judge(figures);
  // A command of yours that failed in any run is no figure to take the median of: it fails the repeat.
  const verdict = computeVerdict({ gates, totals: figures.totals, commands: concluded.flatMap((r) => r.commands ?? []) });
  return { ...base, median_gates: gates, verdict: { ...verdict, reasons: verdict.reasons.map((x) => `median of ${concluded.length} runs: ${x}`) } };
}

function worstOf(runs: RepeatSummary['runs']): Verdict {
  const status = worstVerdict(runs.map((r) => r.verdict));
  const deciding = runs.filter((r) => r.verdict.status === status);
  const reasons =
    status === 'pass'
      ? [`all ${runs.length} runs pass`]
      : deciding.map((r) => `${r.folder} (seed ${r.seed}): ${verdictHead(r.verdict)} — ${r.verdict.reasons.join('; ')}`);
  return { status, expected_failure: false, reasons };
}

/** The first run with each number its gates read replaced by that number's median over the runs. */
function medianFigures(results: RunResult[]): MetricSource {
  return mapFigures(results[0], (path) => median(results.map((r) => figureAt(r, path)).filter((v): v is number => typeof v === 'number')));
}

/** The middle value (the mean of the two middle ones for an even count). */
function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** repeat.json's table as text: one row per figure, min / median / max, then each run's verdict. */
function repeatTable(s: RepeatSummary): { header: string[]; rows: string[][]; runs: string[] } {
  const fmt = (v: number) => (Number.isInteger(v) ? v.toLocaleString('en-US') : String(Math.round(v * 10_000) / 10_000));
  const rows = Object.entries(s.spread).map(([name, x]) => [name, fmt(x.min), fmt(x.median), fmt(x.max)]);
  const runs = s.runs.map((r) => `${r.folder} (seed ${r.seed}): ${verdictHead(r.verdict)} — ${r.verdict.reasons.join('; ')}`);
  return { header: ['figure', 'min', 'median', 'max'], rows, runs };
}
