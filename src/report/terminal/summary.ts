import { completedMeans, generatorShortfall, lostWhy, stoppedRows, stoppedWords, targetWords } from '../text/truth-words.js';
import type { ChalkInstance } from 'chalk';
import { OUTCOMES, outcomeSum, verdictLine, verdictOf, type Percentiles, type RunResult } from '../../model/index.js';
import { renderTimelines } from './chart.js';
import { fmtInt, fmtMs, fmtPct, fmtQueue, fmtRps, fmtTimes, share } from '../text/format.js';
import { makeChalk, paintOutcome } from '../text/palette.js';
import { detailSections } from './sections.js';
import { gameDaySections } from './gameday.js';
import { paintVerdict } from '../text/verdict.js';
import { label, textTable } from '../text/text-table.js';
import { escapeTerminalDeep } from '../text/escape.js';
import { fitWidth } from '../text/width.js';
import { wrapText } from '../text/wrap.js';

export interface SummaryOptions {
  color: boolean;
  /**
   * Terminal width in columns: no line is longer. Tables leave columns out (see each table's drop
   * order), text wraps under its label. @default DEFAULT_WIDTH (120)
   */
  width?: number;
  /** Append the asciichart timelines (queue depth, outcomes per second). @default false */
  timelines?: boolean;
}

/** The end-of-run terminal summary: what happened to every scheduled request, at a glance. */
export function renderSummary(untrusted: RunResult, opts: SummaryOptions): string {
  // Every name, reason and label in a result may come from a scenario or a service: made inert before any colour is added.
  const result = escapeTerminalDeep(untrusted);
  const c = makeChalk(opts.color);
  const width = fitWidth(opts.width);
  const rule = c.dim('─'.repeat(width));
  const parts = [
    `${header(c, result)}\n${rule}`,
    verdict(c, result),
    outcomeTable(c, result),
    rateLines(c, result),
    latencyLines(c, result),
    ...detailSections(c, result, width),
    ...gameDaySections(c, result, width),
  ];
  if (opts.timelines) parts.push(renderTimelines(result, { color: opts.color, width }));
  parts.push(rule);
  // Tables and charts already fit; what is left too long is text, wrapped under its label.
  return wrapText(parts.filter((p) => p !== '').join('\n\n'), width) + '\n';
}

function header(c: ChalkInstance, r: RunResult): string {
  const facts = [`strategy ${c.bold(r.strategy)}`, r.mode, `seed ${r.seed}`, `backend ${r.backend}`];
  const first = `${c.bold.cyan('gameday')}  ${c.bold(r.scenario)} · ${facts.join(' · ')}`;
  return r.description ? `${first}\n${c.dim(r.description)}` : first;
}

/**
 * The lines an SRE reads first: the verdict, whether the ledger reconciled, and whether anything
 * was silently lost. "Nothing lost" is green only on a run that passed.
 */
function verdict(c: ChalkInstance, r: RunResult): string {
  const t = r.totals;
  const v = verdictOf(r);
  const lines: string[] = [paintVerdict(c, v.status, verdictLine(v))];
  if (outcomeSum(t) !== t.scheduled) {
    lines.push(c.red.bold(`LEDGER DOES NOT RECONCILE: outcomes sum to ${fmtInt(outcomeSum(t))}, scheduled ${fmtInt(t.scheduled)}`));
  }
  if (t.lost > 0) {
    lines.push(c.red.bold(`✗ LOST ${fmtInt(t.lost)} (${fmtPct(r.rates.drop_rate)})`) + c.red(` — ${lostWhy(r)}`));
  } else {
    const mark = v.status === 'pass' ? c.green.bold('✓ nothing lost') : c.bold('nothing lost');
    lines.push(mark + c.dim(` — all ${fmtInt(t.scheduled)} requests accounted for`));
  }
  const stopped = stoppedWords(r);
  if (stopped) lines.push(c.yellow(stopped));
  if (targetWords(r)) lines.push(c.yellow(`⚠ ${targetWords(r)}`));
  return lines.join('\n');
}

function outcomeTable(c: ChalkInstance, r: RunResult): string {
  const t = r.totals;
  const rows = OUTCOMES.map((o) => {
    const name = paintOutcome(c, o, o);
    const count = o === 'lost' && t[o] > 0 ? c.red.bold(fmtInt(t[o])) : fmtInt(t[o]);
    return [name, count, fmtPct(share(t[o], t.scheduled))];
  });
  for (const [name, n] of stoppedRows(t)) rows.push([c.yellow(name), fmtInt(n), fmtPct(share(n, t.scheduled))]);
  rows.push([c.dim('scheduled'), fmtInt(t.scheduled), '100.00%']);
  const table = textTable(['outcome', 'count', '% of scheduled'], rows, { indent: '  ', styleHeader: c.dim });
  const extra = `  duplicates ${fmtInt(t.duplicates)} · attempts ${fmtInt(t.attempts)} · ` + `retry amplification ${fmtTimes(r.rates.retry_amplification)}`;
  const means = completedMeans(r);
  return `${c.bold('Outcomes')}\n${table}\n${extra}${means ? `\n  ${c.dim(means)}` : ''}`;
}

function rateLines(c: ChalkInstance, r: RunResult): string {
  const { target_rps, achieved_rps } = r.rates;
  const ratio = target_rps > 0 ? ` (${fmtPct(achieved_rps / target_rps, 1)} of target)` : '';
  const lines = [`${label(c, 'Rate')}target ${fmtRps(target_rps)} · achieved ${fmtRps(achieved_rps)}${ratio}`];
  const g = r.generator;
  if (g.lag_ms) {
    const elu = g.event_loop_utilization == null ? '' : ` · event loop ${fmtPct(g.event_loop_utilization, 0)} busy`;
    const late = g.tolerance_ms ? ` (${fmtInt(g.late_sends)} more than ${fmtMs(g.tolerance_ms.late)} late)` : '';
    const text = `sent ${fmtInt(g.sent ?? 0)}${late} · send lag p50 ${fmtMs(g.lag_ms.p50)} · p99 ${fmtMs(g.lag_ms.p99)} · max ${fmtMs(g.lag_ms.max)}${elu}`;
    lines.push(`${label(c, 'Generator')}${text}`);
  }
  const shortfall = generatorShortfall(r);
  if (shortfall.words.length > 0) {
    // The lag line above already says the max lag (older results have none).
    const text = `${shortfall.words.join(' · ')}${g.lag_ms ? '' : `, max lag ${fmtMs(g.max_lag_ms)}`}`;
    // Lateness within what the verdict allows is a fact, not a warning.
    const warn = shortfall.missed > 0 || r.validity?.valid === false;
    lines.push(`${' '.repeat(10)}${warn ? c.yellow(text) : c.dim(text)} ${c.dim('(load generator, not the service)')}`);
  }
  return lines.join('\n');
}

function latencyLines(c: ChalkInstance, r: RunResult): string {
  const l = r.latency_ms;
  const a = r.admission_latency_ms;
  return [
    `${label(c, 'Latency')}completion ${percentiles(l, ['p50', 'p90', 'p99', 'max'])} ${c.dim(`(n=${fmtInt(l.count)})`)}`,
    `${' '.repeat(10)}admission  ${percentiles(a, ['p50', 'p99'])} ${c.dim(`(n=${fmtInt(a.count)})`)}`,
    `${label(c, 'Queue')}${queueText(r)}`,
  ].join('\n');
}

function queueText(r: RunResult): string {
  const q = fmtQueue(r.queue);
  if (r.queue.depth_visible === false) return `max depth ${q.depth} · drain ${q.drain} (your own service without service.metrics)`;
  return `max depth ${q.depth} · drain ${q.drain}`;
}

function percentiles(p: Percentiles, keys: (keyof Percentiles)[]): string {
  if (p.count === 0) return 'no samples';
  return keys.map((k) => `${k} ${fmtMs(p[k])}`).join(' · ');
}
