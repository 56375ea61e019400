import type { GateResult, RunResult } from '../model/index.js';
import { escapeXml, escapeXmlAttr } from './escape.js';
import { fmtPct, fmtValue } from './format.js';
import { INVALID_MEANING, invalidReasons } from './validity.js';

interface Case {
  name: string;
  failure?: { message: string; body: string };
}

/**
 * JUnit XML for CI: one testsuite per result (`gameday.<scenario>.<strategy>`), one testcase per
 * gate. A result without gates still gets one passing "ledger reconciles" case, so the suite is
 * never empty (some CI systems treat an empty suite as an error).
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
  const reasons = invalidReasons(r);
  // First, so a CI reporter shows why no gate below can be trusted.
  const validity: Case[] = reasons ? [{ name: 'run is valid', failure: { message: `invalid run: ${INVALID_MEANING}`, body: reasons.join('\n') } }] : [];
  if (r.gates.length === 0) return [...validity, { name: 'ledger reconciles' }];
  return [...validity, ...r.gates.map((g) => ({ name: g.expr, failure: g.pass ? undefined : failureOf(r, g) }))];
}

function failureOf(r: RunResult, g: GateResult): Case['failure'] {
  const t = r.totals;
  const context =
    `scheduled ${t.scheduled}: completed ${t.completed}, shed ${t.shed}, rejected ${t.rejected}, ` +
    `failed ${t.failed}, lost ${t.lost} (drop rate ${fmtPct(r.rates.drop_rate)})`;
  const body = [g.detail, context, ...r.discrepancies.map((d) => `discrepancy: ${d}`)].filter(Boolean).join('\n');
  return { message: `${g.expr}: measured ${fmtValue(g.value)}`, body };
}

function suite(r: RunResult, cases: Case[]): string {
  const a = escapeXmlAttr;
  const failures = cases.filter((c) => c.failure).length;
  const attrs =
    `name="${a(`gameday.${r.scenario}.${r.strategy}`)}" tests="${cases.length}" failures="${failures}" ` +
    `errors="0" skipped="0" time="${(r.duration_ms.run / 1000).toFixed(3)}" timestamp="${a(r.wall.started_at)}"`;
  const props = [
    ['scenario', r.scenario],
    ['strategy', r.strategy],
    ['mode', r.mode],
    ['seed', String(r.seed)],
    ['backend', r.backend],
    ['drop_rate', fmtValue(r.rates.drop_rate)],
    ['lost', String(r.totals.lost)],
  ].map(([k, v]) => `      <property name="${a(k)}" value="${a(v)}"/>`);
  const classname = `${r.scenario}.${r.strategy}`;
  return [
    `  <testsuite ${attrs}>`,
    '    <properties>',
    ...props,
    '    </properties>',
    ...cases.map((c) => testcase(c, classname)),
    '  </testsuite>',
  ].join('\n');
}

function testcase(c: Case, classname: string): string {
  const open = `    <testcase name="${escapeXmlAttr(c.name)}" classname="${escapeXmlAttr(classname)}" time="0">`;
  if (!c.failure) return open.replace(/>$/, '/>');
  const failure = `      <failure message="${escapeXmlAttr(c.failure.message)}" type="gate">${escapeXml(c.failure.body)}</failure>`;
  return [open, failure, '    </testcase>'].join('\n');
}
