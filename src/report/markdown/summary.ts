import {
  completedMeans,
  generatorShortfall,
  lostWhy,
  NOT_VISIBLE,
  serviceAgreement,
  serviceAgreementWords,
  stoppedRows,
  stoppedWords,
} from '../text/truth-words.js';
import { gameDayMarkdown } from './gameday.js';
import { combineVerdicts, gatesJudged, OUTCOMES, PRIORITIES, verdictHead, verdictOf, type RunResult, type Verdict } from '../../model/index.js';
import { VERDICT_EMOJI } from '../text/verdict.js';
import { bestMask, COMPARE_COLUMNS } from '../text/compare-columns.js';
import { escapeMd, mdCode } from '../text/escape.js';
import { recoveryMarkdown } from '../text/recovery.js';
import { processMarkdown } from '../text/processes.js';
import { commandsMarkdown } from '../text/commands.js';
import { fmtInt, fmtMs, fmtPct, fmtQueue, fmtRps, fmtTimes, fmtUsd, fmtMeasured, share, sortedCounts } from '../text/format.js';

/** A GitHub-flavoured Markdown summary of one run (for PR comments and job summaries). */
export function renderMarkdown(result: RunResult): string {
  const r = result;
  const v = verdictOf(r);
  return [
    `# ${VERDICT_EMOJI[v.status]} ${verdictHead(v)}${abortedAt(r, v)} — gameday: ${escapeMd(r.scenario)} · ${mdCode(r.strategy)}`,
    verdictReasons(v),
    facts(r),
    lostLine(r, v),
    '## Outcomes',
    outcomeTable(r),
    '## Rates',
    rateTable(r),
    '## Latency',
    latencyTable(r),
    recoveryMarkdown(r),
    priorityTable(r),
    failures(r),
    commandsMarkdown(r),
    processMarkdown(r),
    '## Gates',
    gateList(r),
    '## Service-reported vs ledger',
    discrepancyList(r),
    ...gameDayMarkdown(r),
  ]
    .filter((s) => s !== '')
    .join('\n\n')
    .concat('\n');
}

/** The side-by-side comparison: one row per strategy, the best value of each column in bold. */
export function renderCompareMarkdown(results: RunResult[], verdict: Verdict = combineVerdicts(results)): string {
  if (results.length === 0) return '# gameday compare\n\nNo results.\n';
  const first = results[0];
  const v = verdict;
  const masks = COMPARE_COLUMNS.map((col) => bestMask(col, results));
  const rows = results.map((r, i) => [mdCode(r.strategy), ...COMPARE_COLUMNS.map((col, j) => (masks[j][i] ? `**${col.format(r)}**` : col.format(r)))]);
  return [
    `# ${VERDICT_EMOJI[v.status]} ${verdictHead(v)} — gameday compare: ${escapeMd(first.scenario)}`,
    compareReasons(v),
    `${escapeMd(first.mode)} · seed ${first.seed} · ${fmtInt(first.totals.scheduled)} scheduled per strategy`,
    mdTable(['strategy', ...COMPARE_COLUMNS.map((c) => c.header)], rows),
    '**Bold** marks the best value in a column (lower is better except completed; tokens are not ranked).',
    '## Gates',
    results.map(compareGateLine).join('\n'),
    compareDiscrepancies(results),
  ]
    .filter((s) => s !== '')
    .join('\n\n')
    .concat('\n');
}

/** One line per strategy, led by its verdict: an expected failure is a pass and says so. */
function compareGateLine(r: RunResult): string {
  const v = verdictOf(r);
  const failed = r.gates.filter((g) => !g.pass).map((g) => mdCode(g.expr));
  const passed = r.gates.length - failed.length;
  // An aborted, invalid or interrupted run's gates read a part of the traffic: not counted as failed.
  const gates = !gatesJudged(v)
    ? `${r.gates.length} gates not concluded`
    : `${passed}/${r.gates.length} gates passed${failed.length ? `; failed: ${failed.join(', ')}` : ''}`;
  return `- ${mdCode(r.strategy)}: ${VERDICT_EMOJI[v.status]} **${verdictHead(v)}** — ${gates}${plainGateVerdict(v) ? '' : ` (${escapeMd(v.reasons.join('; '))})`}`;
}

/** A pass or fail decided by the gates alone says nothing the gate list does not. */
function plainGateVerdict(v: Verdict): boolean {
  return (v.status === 'pass' || v.status === 'fail') && !v.expected_failure;
}

/** An aborted run's headline names the condition that stopped it: " at `lost > 50` (6.0 s)". */
function abortedAt(r: RunResult, v: Verdict): string {
  return v.status === 'aborted' && r.abort ? ` at ${mdCode(r.abort.expr)} (${(r.abort.at_ms / 1000).toFixed(1)} s)` : '';
}

function verdictReasons(v: Verdict): string {
  return `> **${verdictHead(v)}** — ${escapeMd(v.reasons.join('; '))}`;
}

/** A comparison's verdict: its headline, then each detail once, as a list. */
function compareReasons(v: Verdict): string {
  const [head, ...details] = v.reasons;
  return [`> **${verdictHead(v)}** — ${escapeMd(head ?? '')}`, ...(details.length ? ['>'] : []), ...details.map((d) => `> - ${escapeMd(d)}`)].join('\n');
}

function compareDiscrepancies(results: RunResult[]): string {
  const items = results.flatMap((r) => r.discrepancies.map((d) => `> - ${mdCode(r.strategy)}: ${escapeMd(d)}`));
  if (items.length === 0) return '';
  return `## Discrepancies\n\n> [!WARNING]\n> What does not add up:\n${items.join('\n')}`;
}

function facts(r: RunResult): string {
  const line = `**mode** ${escapeMd(r.mode)} · **seed** ${r.seed} · **backend** ${escapeMd(r.backend)} · **scheduled** ${fmtInt(r.totals.scheduled)}`;
  return r.description ? `> ${escapeMd(r.description)}\n\n${line}` : line;
}

/** The loss headline: never a green tick on a run whose verdict is not a pass. */
function lostLine(r: RunResult, v: Verdict): string {
  const t = r.totals;
  const stopped = stoppedWords(r) ? `\n\n${escapeMd(stoppedWords(r))}.` : '';
  if (t.lost > 0) return `> [!CAUTION]\n> **LOST ${fmtInt(t.lost)} (${fmtPct(r.rates.drop_rate)}) — ${escapeMd(lostWhy(r))}**${stopped}`;
  return `${v.status === 'pass' ? '✅ ' : ''}**nothing lost** — all ${fmtInt(t.scheduled)} requests accounted for${stopped}`;
}

function outcomeTable(r: RunResult): string {
  const t = r.totals;
  const rows = OUTCOMES.map((o) => [o === 'lost' && t.lost > 0 ? '**lost**' : o, fmtInt(t[o]), fmtPct(share(t[o], t.scheduled))]);
  for (const [name, n] of stoppedRows(t)) rows.push([name, fmtInt(n), fmtPct(share(n, t.scheduled))]);
  rows.push(['*scheduled*', fmtInt(t.scheduled), '100.00%']);
  const extra = `Duplicates ${fmtInt(t.duplicates)} · attempts ${fmtInt(t.attempts)} · retry amplification ${fmtTimes(r.rates.retry_amplification)}`;
  const means = completedMeans(r);
  return `${mdTable(['outcome', 'count', '% of scheduled'], rows)}\n\n${extra}${means ? `\n\n_${escapeMd(means)}._` : ''}`;
}

function rateTable(r: RunResult): string {
  const x = r.rates;
  const header = ['target', 'achieved', 'drop rate', 'shed rate', 'reject rate', 'fail rate', 'completion rate'];
  const row = [
    fmtRps(x.target_rps),
    fmtRps(x.achieved_rps),
    fmtPct(x.drop_rate),
    fmtPct(x.shed_rate),
    fmtPct(x.reject_rate),
    fmtPct(x.fail_rate),
    fmtPct(x.completion_rate),
  ];
  const g = r.generator;
  const shortfall = generatorShortfall(r).words;
  const lag = shortfall.length ? `\n\nGenerator: ${shortfall.join(', ')} (max lag ${fmtMs(g.max_lag_ms)}).` : '';
  return mdTable(header, [row]) + lag;
}

function latencyTable(r: RunResult): string {
  const row = (name: string, p: RunResult['latency_ms']) => [name, ...[p.p50, p.p90, p.p99, p.max].map(fmtMs), fmtInt(p.count)];
  const table = mdTable(['', 'p50', 'p90', 'p99', 'max', 'n'], [row('completion', r.latency_ms), row('admission', r.admission_latency_ms)]);
  const cost = `Tokens in ${fmtInt(r.tokens.input)}, out ${fmtInt(r.tokens.output)}, estimated cost ${fmtUsd(r.tokens.estimated_cost_usd)}.`;
  return `${table}\n\nMax queue depth **${fmtQueue(r.queue).depth}**, drain ${fmtQueue(r.queue).drain}${r.queue.depth_visible === false ? ' (your own service without service.metrics)' : ''}. ${cost}`;
}

function priorityTable(r: RunResult): string {
  const rows = PRIORITIES.flatMap((p) => {
    const t = r.by_priority[p];
    return t ? [[p, ...[t.scheduled, ...OUTCOMES.map((o) => t[o])].map(fmtInt), fmtPct(share(t.lost, t.scheduled))]] : [];
  });
  if (rows.length === 0) return '';
  return `## Per priority\n\n${mdTable(['priority', 'scheduled', ...OUTCOMES, 'drop rate'], rows)}`;
}

function failures(r: RunResult): string {
  const rows = sortedCounts(r.failures).map(([reason, n]) => [escapeMd(reason), fmtInt(n)]);
  return rows.length ? `## Failures\n\n${mdTable(['reason', 'count'], rows)}` : '';
}

function gateList(r: RunResult): string {
  if (r.gates.length === 0) return '_No gates._';
  const v = verdictOf(r);
  // On a run that concluded nothing, a gate is neither ticked nor crossed.
  const mark = (pass: boolean) => (!gatesJudged(v) ? '-' : `- [${pass ? 'x' : ' '}]`);
  const note = gatesJudged(v) ? '' : ` · _not concluded: the run is ${v.status}_`;
  return r.gates.map((g) => `${mark(g.pass)} ${mdCode(g.expr)} — measured ${fmtMeasured(g)}${g.detail ? ` · ${escapeMd(g.detail)}` : ''}${note}`).join('\n');
}

function discrepancyList(r: RunResult): string {
  const agreement = serviceAgreement(r);
  const head = agreement === 'agree' ? `✅ The ${escapeMd(serviceAgreementWords(r))}.` : agreement === 'not-visible' ? `_${escapeMd(NOT_VISIBLE)}._` : '';
  if (r.discrepancies.length === 0) return head;
  const list = `> [!WARNING]\n> What does not add up:\n${r.discrepancies.map((d) => `> - ${escapeMd(d)}`).join('\n')}`;
  return head ? `${head}\n\n${list}` : list;
}

/** A GitHub table: the first column left, the others right. */
export function mdTable(header: string[], rows: string[][]): string {
  const align = header.map((_, i) => (i === 0 ? ':---' : '---:'));
  return [header, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
