import { commandFailure, verdictLine, verdictOf, type GateResult, type RunResult } from '../../model/index.js';
import { escapeXml, escapeXmlAttr } from '../text/escape.js';
import { fmtPct, fmtMeasured, fmtValue } from '../text/format.js';
import { targetWords } from '../text/truth-words.js';

interface Case {
  name: string;
  failure?: { message: string; body: string; type?: 'gate' | 'verdict' | 'hypothesis' | 'aborted' };
  /** A passing case's note: why an expected failure counts as a pass. */
  out?: string;
  /** Not concluded (an interrupted or invalid run): shown, never counted as passed or failed. */
  skipped?: string;
}

/**
 * JUnit XML for CI: one testsuite per result (`gameday.<scenario>.<strategy>`), one testcase per
 * gate. A result without gates still gets one passing "ledger reconciles" case, so the suite is
 * never empty (some CI systems treat an empty suite as an error). It follows the run's verdict:
 * an expected failure's gates pass (with the reason), an expected failure that passed fails, and a
 * run that concluded nothing (interrupted, invalid) fails one "verdict" case and skips its gates. An
 * aborted run fails one case named after its abort condition, of type "aborted": CI shows it
 * stopped for safety, not as a failed gate.
 */
export function renderJunit(results: RunResult[]): string {
  const suites = results.map((r) => ({ r, cases: casesOf(r) }));
  const tests = suites.reduce((n, s) => n + s.cases.length, 0);
  const failures = suites.reduce((n, s) => n + s.cases.filter((c) => c.failure).length, 0);
  const seconds = suites.reduce((n, s) => n + s.r.duration_ms.run / 1000, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="gameday" tests="${tests}" failures="${failures}" errors="0" time="${seconds.toFixed(3)}">`,
    ...suites.map((s) => suite(s.r, s.cases)),
    '</testsuites>',
    '',
  ].join('\n');
}

function casesOf(r: RunResult): Case[] {
  const v = verdictOf(r);
  if (v.status !== 'pass' && v.status !== 'fail') {
    const aborted = v.status === 'aborted';
    const name = aborted && r.abort ? `aborted: ${r.abort.expr}` : 'verdict';
    const verdict: Case = { name, failure: { message: verdictLine(v), body: v.reasons.join('\n'), type: aborted ? 'aborted' : 'verdict' } };
    return [verdict, ...r.gates.map((g) => ({ name: g.expr, skipped: `not concluded: the run is ${v.status}` })), ...commandCases(r)];
  }
  if (v.expected_failure) {
    if (v.status === 'fail') return [{ name: 'expected to fail', failure: { message: verdictLine(v), body: v.reasons.join('\n'), type: 'verdict' } }];
    return r.gates.map((g) => ({ name: g.expr, out: g.pass ? undefined : `expected failure (--expect-fail): measured ${fmtMeasured(g)}` }));
  }
  const gates: Case[] =
    r.gates.length === 0 ? [{ name: 'ledger reconciles' }] : r.gates.map((g) => ({ name: g.expr, failure: g.pass ? undefined : failureOf(r, g) }));
  return [...gates, ...hypothesisCase(r), ...commandCases(r)];
}

/** Each of your commands (a `command` fault, an undo, a rollback) is a testcase: one that failed fails it. */
function commandCases(r: RunResult): Case[] {
  return (r.commands ?? []).map((c) => ({
    name: `${c.role}: ${c.run}`,
    ...(c.ok ? { out: c.output || undefined } : { failure: { message: commandFailure(c), body: c.output, type: 'verdict' as const } }),
  }));
}

/** The steady-state hypothesis' `after` window decides like a gate: one testcase. */
function hypothesisCase(r: RunResult): Case[] {
  const after = r.hypothesis?.windows.find((w) => w.name === 'after');
  if (!after) return [];
  const name = `hypothesis after: ${r.hypothesis!.steady_state.join(', ')}`;
  if (after.held) return [{ name }];
  const missed = after.checks.filter((c) => !c.held).map((c) => c.detail);
  return [
    {
      name,
      failure: { message: `deviated after the disturbance: ${missed.join(', ')}`, body: after.checks.map((c) => c.detail).join('\n'), type: 'hypothesis' },
    },
  ];
}

function failureOf(r: RunResult, g: GateResult): Case['failure'] {
  const t = r.totals;
  const context =
    `scheduled ${t.scheduled}: completed ${t.completed}, shed ${t.shed}, rejected ${t.rejected}, ` +
    `failed ${t.failed}, lost ${t.lost} (drop rate ${fmtPct(r.rates.drop_rate)})`;
  const body = [g.detail, context, ...r.discrepancies.map((d) => `discrepancy: ${d}`)].filter(Boolean).join('\n');
  return { message: `${g.expr}: measured ${fmtMeasured(g)}`, body };
}

function suite(r: RunResult, cases: Case[]): string {
  const a = escapeXmlAttr;
  const failures = cases.filter((c) => c.failure).length;
  const skipped = cases.filter((c) => c.skipped).length;
  const attrs =
    `name="${a(`gameday.${r.scenario}.${r.strategy}`)}" tests="${cases.length}" failures="${failures}" ` +
    `errors="0" skipped="${skipped}" time="${(r.duration_ms.run / 1000).toFixed(3)}" timestamp="${a(r.wall.started_at)}"`;
  const props = [
    ['scenario', r.scenario],
    ['strategy', r.strategy],
    ['mode', r.mode],
    ['seed', String(r.seed)],
    ['backend', r.backend],
    ['drop_rate', fmtValue(r.rates.drop_rate)],
    ['lost', String(r.totals.lost)],
    ['verdict', verdictOf(r).status],
    ['expected_failure', String(verdictOf(r).expected_failure)],
    ...(targetWords(r) ? [['warning', targetWords(r)]] : []),
  ].map(([k, v]) => `      <property name="${a(k)}" value="${a(v)}"/>`);
  const classname = `${r.scenario}.${r.strategy}`;
  return [`  <testsuite ${attrs}>`, '    <properties>', ...props, '    </properties>', ...cases.map((c) => testcase(c, classname)), '  </testsuite>'].join(
    '\n',
  );
}

function testcase(c: Case, classname: string): string {
  const open = `    <testcase name="${escapeXmlAttr(c.name)}" classname="${escapeXmlAttr(classname)}" time="0">`;
  let inner: string;
  if (c.failure)
    inner = `      <failure message="${escapeXmlAttr(c.failure.message)}" type="${c.failure.type ?? 'gate'}">${escapeXml(c.failure.body)}</failure>`;
  else if (c.skipped) inner = `      <skipped message="${escapeXmlAttr(c.skipped)}"/>`;
  else if (c.out) inner = `      <system-out>${escapeXml(c.out)}</system-out>`;
  else return open.replace(/>$/, '/>');
  return [open, inner, '    </testcase>'].join('\n');
}
