import { crashCells, crashLabel, unreadBatchRequests, NOT_VISIBLE, serviceAgreement, serviceAgreementWords } from '../text/truth-words.js';
import type { ChalkInstance } from 'chalk';
import { gatesJudged, PRIORITIES, verdictOf, type RunResult } from '../../model/index.js';
import { fmtInt, fmtMs, fmtPct, fmtUsd, fmtMeasured, share, sortedCounts } from '../text/format.js';
import { recoveryLines } from '../text/recovery.js';
import { noRestartLine, stalledLine } from '../text/findings.js';
import { processLines } from '../text/processes.js';
import { commandLines } from '../text/commands.js';
import { label, textTable } from '../text/text-table.js';

/** The sections below the headline figures, each omitted when it has nothing to say. */
export function detailSections(c: ChalkInstance, r: RunResult, width?: number): string[] {
  return [
    priorityTable(c, r, width),
    recoveryLines(c, r),
    costLines(c, r),
    failureLines(c, r, width),
    crashTable(c, r, width),
    commandLines(c, r),
    processLines(c, r),
    serviceVsLedger(c, r, width),
    gateLines(c, r),
  ];
}

function priorityTable(c: ChalkInstance, r: RunResult, width?: number): string {
  const rows = PRIORITIES.flatMap((p) => {
    const t = r.by_priority[p];
    if (!t) return [];
    const lost = t.lost > 0 ? c.red(fmtInt(t.lost)) : fmtInt(t.lost);
    const counts = [t.completed, t.shed, t.rejected, t.failed].map(fmtInt);
    return [[p, fmtInt(t.scheduled), ...counts, lost, fmtPct(share(t.lost, t.scheduled))]];
  });
  if (rows.length === 0) return '';
  const header = ['priority', 'scheduled', 'completed', 'shed', 'rejected', 'failed', 'lost', 'drop rate'];
  // Too narrow, the counts a drop rate is made of go first; priority, scheduled, completed and lost stay.
  const drop = ['drop rate', 'failed', 'rejected', 'shed'];
  return `${c.bold('By priority')}\n${textTable(header, rows, { indent: '  ', styleHeader: c.dim, width, drop })}`;
}

function costLines(c: ChalkInstance, r: RunResult): string {
  const t = r.tokens;
  const calls = r.backend_calls;
  const byStatus = Object.entries(calls.by_status)
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([status, n]) => `${statusColor(c, status)(status)}: ${fmtInt(n)}`)
    .join(' · ');
  return [
    `${label(c, 'Tokens')}in ${fmtInt(t.input)} · out ${fmtInt(t.output)} · est. cost ${fmtUsd(t.estimated_cost_usd)}`,
    `${label(c, 'Backend')}${fmtInt(calls.total)} calls, ${fmtInt(calls.ok)} ok${byStatus ? ` — ${byStatus}` : ''}${unansweredCalls(r)}`,
    ...(calls.upstream ? [`${label(c, 'API')}${fmtInt(calls.upstream.calls)} calls sent to ${calls.upstream.url}, the model check included`] : []),
    ...sideCallLines(c, r),
    `${label(c, 'Answers')}${answerLine(c, r.answers ?? {})}`,
  ].join('\n');
}

/**
 * Calls with no status, so the line adds up. At the mock a call is counted when it arrives and its
 * status when answered: the gap is calls still in progress at the end (shown apart, under Other)
 * and calls cut off before an answer (their caller died or closed the connection). The real API
 * behind the front door is counted the same way. (Results from before the front door counted HTTP
 * attempts against the final answer of each call: there the gap is the SDK's retries.)
 */
function unansweredCalls(r: RunResult): string {
  const calls = r.backend_calls;
  const gap = calls.total - Object.values(calls.by_status).reduce((a, b) => a + b, 0);
  if (r.backend === 'claude' && !calls.upstream) return gap > 0 ? ` · ${fmtInt(gap)} retried by the SDK (by status counts each call's final answer)` : '';
  const cutOff = gap - (calls.in_flight_at_end ?? 0);
  return cutOff > 0 ? ` · ${fmtInt(cutOff)} cut off before an answer (caller gone or connection closed)` : '';
}

/** Calls at the mock that can never complete a request, and how successful calls mapped to ids: each on its own line. */
function sideCallLines(c: ChalkInstance, r: RunResult): string[] {
  const calls = r.backend_calls;
  const side = [
    calls.count_tokens ? `count_tokens ${fmtInt(calls.count_tokens)}` : '',
    calls.invalid ? `refused before any work (400/401/404/413) ${fmtInt(calls.invalid)}` : '',
    calls.capped ? `refused past the request cap ${fmtInt(calls.capped)}` : '',
    calls.in_flight_at_end ? `in progress at the end ${fmtInt(calls.in_flight_at_end)}` : '',
  ].filter(Boolean);
  const batches = Object.entries(r.backend_ids?.batch_sizes ?? {}).filter(([size]) => size !== '1');
  const lines = side.length ? [`${label(c, 'Other')}${c.dim('(not completions) ')}${side.join(' · ')}`] : [];
  const mb = calls.batches;
  if (mb) {
    const ends = (['succeeded', 'errored', 'canceled', 'expired'] as const).filter((k) => mb[k] > 0).map((k) => `${fmtInt(mb[k])} ${k}`);
    const unread = unreadBatchRequests(mb);
    if (unread > 0) ends.push(`${fmtInt(unread)} never read back`);
    lines.push(`${label(c, 'Batch API')}${fmtInt(mb.created)} batch(es), ${fmtInt(mb.requests)} request(s): ${ends.join(' · ') || 'none read back'}`);
  }
  if (batches.length) lines.push(`${label(c, 'Batches')}${batches.map(([size, n]) => `${fmtInt(n)} call(s) carried ${size} ids`).join(' · ')}`);
  const chains = Object.entries(r.backend_ids?.steps_per_job ?? {});
  if (chains.length)
    lines.push(
      `${label(c, 'Steps')}${chains.map(([steps, n]) => `${fmtInt(n)} job(s) in ${steps} step(s)`).join(' · ')} ${c.dim('(calls asking different things for one job: not duplicates)')}`,
    );
  return lines;
}

/** What clients heard, per attempt: the service's own status codes (and whether they said when to come back). */
function answerLine(c: ChalkInstance, answers: Record<string, number>): string {
  const entries = Object.entries(answers).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
  if (entries.length === 0) return c.dim('none');
  return entries.map(([k, n]) => `${statusColor(c, k.split(' ')[0])(k)}: ${fmtInt(n)}`).join(' · ');
}

function statusColor(c: ChalkInstance, status: string): (s: string) => string {
  if (/^2/.test(status)) return c.green;
  if (status === '429' || status === '529') return c.yellow;
  return c.red;
}

function failureLines(c: ChalkInstance, r: RunResult, width?: number): string {
  const rows = sortedCounts(r.failures).map(([reason, n]) => [fmtInt(n), reason]);
  if (rows.length === 0) return '';
  return `${c.bold('Failures')}\n${textTable(['count', 'reason'], rows, { indent: '  ', align: ['right', 'left'], styleHeader: c.dim, width, wrap: true })}`;
}

function crashTable(c: ChalkInstance, r: RunResult, width?: number): string {
  if (r.crashes.length === 0) return '';
  const rows = r.crashes.map((k) => [
    fmtMs(k.at_ms),
    crashLabel(k),
    fmtInt(k.queued_at_kill),
    fmtInt(k.in_flight_at_kill),
    crashCells(k).recovered,
    crashCells(k).restart,
    crashCells(k).recovery,
    // What the ledger saw the killed process holding, and how much of it ended lost.
    k.unfinished_at_kill ? `${fmtInt(k.unfinished_at_kill.lost)} of ${fmtInt(k.unfinished_at_kill.requests)}` : '—',
    k.connection_errors === undefined ? '—' : fmtInt(k.connection_errors),
  ]);
  const header = ['at', 'kind', 'queued', 'in flight', 'recovered', 'restart', 'recovery', 'lost of held', 'conn errors'];
  const align = ['right', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'] as const;
  // Too narrow: two headers shorten, then the figures a reader can do without go, the first first;
  // when, what, what came back, how long it took and what was lost of what it held stay.
  const fit = { width, abbreviate: { 'lost of held': 'lost/held', 'conn errors': 'conn err' }, drop: ['conn errors', 'in flight', 'queued', 'restart'] };
  const stalled = r.crashes.filter((k) => k.stalled).map((k) => c.dim(`  ${stalledLine(k.at_ms, k.stalled!)}`));
  const noRestart = r.crashes
    .filter((k) => k.kind === 'crash-service' && !k.service_was_down && k.restart_ms === null)
    .map((k) => c.yellow(`  ${noRestartLine(k)}`));
  return [`${c.bold('Crashes')}\n${textTable(header, rows, { indent: '  ', align: [...align], styleHeader: c.dim, ...fit })}`, ...stalled, ...noRestart].join(
    '\n',
  );
}

/** The service's own counters next to the ledger's: "metrics say 0, work is lost" shows here. */
function serviceVsLedger(c: ChalkInstance, r: RunResult, width?: number): string {
  const s = r.service_reported;
  const problems = r.discrepancies.map((d) => c.red.bold(`  ✗ DISCREPANCY: ${d}`));
  if (!s) return [c.bold('Service-reported vs ledger'), c.dim(`  ${NOT_VISIBLE}`), ...problems].join('\n');
  const t = r.totals;
  const header = ['', 'received', 'accepted', 'shed', 'rejected', 'processed', 'failed', 'depth'];
  const service = ['service says', s.received, s.accepted, s.shed, s.rejected, s.processed, s.failed, s.depth];
  const acceptedLedger = r.timeline.reduce((sum, p) => sum + p.accepted, 0);
  const ledger = ['ledger', t.attempts, acceptedLedger, t.shed, t.rejected, t.completed, t.failed, '—'];
  // A field your service's metrics do not map is not compared: shown as —, never as 0.
  const rows = [service, ledger].map((row) => row.map((v) => (typeof v === 'number' ? fmtInt(v) : (v ?? '—'))));
  // Too narrow, depth (the ledger has none) goes first, then the outcomes a service reports least often.
  const table = textTable(header, rows, { indent: '  ', styleHeader: c.dim, width, drop: ['depth', 'failed', 'rejected', 'shed'] });
  const note = c.dim('  (ledger: received = attempts, processed = completed at the backend; ledger shed is per request)');
  const agree = serviceAgreement(r) === 'agree' ? [c.green(`  ✓ ${serviceAgreementWords(r)}`)] : [];
  return [c.bold('Service-reported vs ledger'), table, note, ...agree, ...problems].join('\n');
}

function gateLines(c: ChalkInstance, r: RunResult): string {
  if (r.gates.length === 0) return '';
  const v = verdictOf(r);
  const passed = r.gates.filter((g) => g.pass).length;
  const judged = gatesJudged(v);
  const status = !judged ? c.yellow.bold(`NOT CONCLUDED (the run is ${v.status})`) : passed === r.gates.length ? c.green.bold('PASS') : c.red.bold('FAIL');
  const lines = r.gates.map((g) => {
    const mark = !judged ? c.yellow('·') : g.pass ? c.green('✓') : c.red('✗');
    const detail = g.detail ? c.dim(` — ${g.detail}`) : '';
    return `  ${mark} ${g.expr}  measured ${fmtMeasured(g)}${detail}`;
  });
  return [`${label(c, 'Gates')}${status}${judged ? ` ${passed}/${r.gates.length} passed` : ''}`, ...lines].join('\n');
}
