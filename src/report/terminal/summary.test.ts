import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../model/index.js';
import { ANSI_RE } from '../text/escape.js';
import { renderHtml } from '../html/page.js';
import { renderMarkdown } from '../markdown/summary.js';
import { renderSummary } from './summary.js';
import { serviceAgreement, serviceAgreementWords } from '../text/truth-words.js';

const load = (): RunResult => JSON.parse(readFileSync(new URL('../../../test/fixtures/report/result.json', import.meta.url), 'utf8')) as RunResult;

describe('renderSummary', () => {
  const plain = renderSummary(load(), { color: false });

  it('has no ANSI escapes without colour, and has them with colour', () => {
    expect(plain).not.toMatch(ANSI_RE);
    expect(renderSummary(load(), { color: true })).toMatch(ANSI_RE);
  });

  it('leads with the scenario and the lost verdict', () => {
    const lines = plain.split('\n');
    expect(lines[0]).toBe('gameday  flash-spike · strategy priority-shed · sim · seed 42 · backend mock');
    expect(plain).toContain('✗ LOST 80 (8.00%) — 80 accepted (2xx) and never finished');
  });

  it('shows every outcome with its count and share of scheduled', () => {
    expect(plain).toMatch(/completed\s+700\s+70\.00%/);
    expect(plain).toMatch(/shed\s+200\s+20\.00%/);
    expect(plain).toMatch(/rejected\s+0\s+0\.00%/);
    expect(plain).toMatch(/failed\s+20\s+2\.00%/);
    expect(plain).toMatch(/lost\s+80\s+8\.00%/);
    expect(plain).toMatch(/scheduled\s+1,000\s+100\.00%/);
    expect(plain).toContain('duplicates 3 · attempts 1,240 · retry amplification 1.24×');
  });

  it('shows rates, generator lag, latency and queue figures', () => {
    expect(plain).toContain('target 50.0/s · achieved 49.8/s (99.6% of target)');
    expect(plain).toContain('3 late sends, max lag 12 ms');
    expect(plain).toContain('completion p50 3.55 s · p90 12.80 s · p99 16.80 s · max 20.80 s (n=700)');
    expect(plain).toContain('admission  p50 3 ms · p99 18 ms (n=1,240)');
    expect(plain).toContain('max depth 275 · drain 10.80 s');
  });

  it('breaks outcomes down per priority', () => {
    expect(plain).toMatch(/critical\s+49\s+45\s+2\s+0\s+1\s+1\s+2\.04%/);
    expect(plain).toMatch(/low\s+202\s+118\s+57\s+0\s+4\s+23\s+11\.39%/);
  });

  it('shows tokens, cost, backend calls, failures and crashes', () => {
    expect(plain).toContain('in 595,000 · out 210,000 · est. cost $4.93');
    expect(plain).toContain('800 calls, 700 ok — 200: 700 · 429: 42 · 529: 58');
    expect(plain).toMatch(/14\s+backend 529 overloaded_error after 3 attempts/);
    expect(plain).toMatch(/12\.00 s\s+crash-service\s+258\s+4\s+178\s+2\.00 s\s+3\.40 s/);
  });

  it('lists service-vs-ledger discrepancies prominently', () => {
    expect(plain).toMatch(/service says\s+1,240\s+800\s+440\s+0\s+700\s+20\s+0/);
    expect(plain.match(/✗ DISCREPANCY: /g)).toHaveLength(2);
    expect(plain).toContain('service reports 0 lost, but 80 accepted requests never reached the backend');
  });

  it('shows each gate with pass or fail and the measured value', () => {
    expect(plain).toContain('FAIL 1/2 passed');
    expect(plain).toContain('✗ lost == 0  measured 80 — 80 requests lost (drop rate 8.00%)');
    expect(plain).toContain('✓ p99_latency < 20s  measured 16800'); // an older result: the number as it was
    const r = load();
    r.gates = r.gates.map((g) => (g.expr.startsWith('p99') ? { ...g, measured: '16.80 s' } : g));
    expect(renderSummary(r, { color: false })).toContain('✓ p99_latency < 20s  measured 16.80 s');
    expect(renderMarkdown(r)).toContain('`p99_latency < 20s` — measured 16.80 s');
  });

  it("never counts arrivals not yet due at an abort as the generator's shortfall, in any report", () => {
    const r = load();
    r.generator = { sent: 940, unsent: 60, not_due: 60, late_sends: 0, max_lag_ms: 0 };
    const words = 'Stopped early (interrupted): 60 arrivals were never sent, the stop came first';
    for (const out of [renderSummary(r, { color: false }), renderMarkdown(r), renderHtml([r])]) {
      expect(out).toContain(words);
      expect(out).not.toContain('unsent');
    }
    expect(renderHtml([r])).toContain('The load generator kept to its schedule.');
    r.generator = { ...r.generator, unsent: 64, late_sends: 2 };
    expect(renderSummary(r, { color: false })).toContain('4 unsent · 2 late sends, max lag 0 ms');
    expect(renderHtml([r])).toContain('Load generator shortfall (the tool, not the service): 4 unsent, 2 late sends');
  });

  it('says what a stop left unended apart from the outcomes, in every report: not sent, and still in the durable queue, never lost', () => {
    const r = load();
    r.abort = { at_ms: 800, expr: 'lost > 50', value: 51, detail: 'lost 51' };
    r.totals = { ...r.totals, lost: 0, completed: r.totals.completed - 20, not_sent: 12, unfinished_at_stop: 8 };
    r.unfinished_at_stop = { in_flight: 2, queue: { where: 'queue file /runs/a/queue.db', ready: 4, leased: 2 } };
    const words =
      'Stopped early (aborted): 12 arrivals were never sent, the stop came first; 2 requests were still waiting for the service to answer; 6 jobs are still in queue file /runs/a/queue.db (4 ready, 2 leased): none of them is lost';
    // The terminal wraps the sentence at its width: read as one line again.
    for (const out of [renderSummary(r, { color: false }).replace(/\n */g, ' '), renderMarkdown(r), renderHtml([r])]) {
      expect(out).toContain(words);
      expect(out).not.toContain('silently dropped');
    }
    expect(renderSummary(r, { color: false })).toMatch(/not sent \(stopped\)\s+12\s+1\.20%\n\s+unfinished at stop\s+8\s+0\.80%/);
    expect(renderMarkdown(r)).toContain('| unfinished at stop | 8 | 0.80% |');
  });

  it('names only the service counters compared, and never says received matches when it only lies in range', () => {
    const r = load();
    r.discrepancies = [];
    r.service_check = { compared: true, differing: [] };
    const { shed: _shed, rejected: _rejected, ...mapped } = r.service_reported!;
    r.service_reported = { ...mapped, received: r.totals.attempts - 40 };
    const words = serviceAgreementWords(r);
    expect(words).toBe(
      `service counters (accepted) match what its clients heard, attempt by attempt; received 1,200 of 1,240 attempts, within what its clients heard (the rest got no answer: timeouts or connection errors it may never have seen); service counters (processed, failed) match what the backend confirmed and the failures reported per request`,
    );
    for (const out of [renderSummary(r, { color: false }), renderMarkdown(r), renderHtml([r])]) expect(out).toContain('service counters (accepted) match');
    // Work counters alone are compared with the backend, never said as what clients heard.
    r.service_reported = { processed: 3 };
    expect(serviceAgreementWords(r)).toBe('service counters (processed) match what the backend confirmed and the failures reported per request');
    r.service_reported = { depth: 3 };
    expect(serviceAgreement(r)).toBe('not-visible');
    expect(renderSummary(r, { color: false })).not.toContain('match what its clients heard');
  });

  it('shows — in a crash row for what does not apply, never 0 or never beside a line that says otherwise', () => {
    const r = load();
    const base = { queued_at_kill: 0, in_flight_at_kill: 3, recovered_after_restart: 0, restart_ms: null, time_to_recover_ms: null };
    r.crashes = [
      { ...base, at_ms: 5000, kind: 'crash-worker', stalled: { held: 3, answered_before_kill: 0, duplicated: 0, back_ms: [900, 1870, 1200] } },
      { ...base, at_ms: 9000, kind: 'crash-service', process: { process: 'api', instances: [0], pids: [1] }, restart_ms: 500, time_to_recover_ms: 800 },
    ];
    const out = renderSummary(r, { color: false });
    expect(out).toMatch(/5\.00 s\s+crash-worker\s+0\s+3\s+—\s+—\s+1\.87 s/);
    expect(out).toMatch(/9\.00 s\s+crash-service api\s+0\s+3\s+—\s+500 ms\s+800 ms/);
    expect(renderHtml([r])).toMatch(/crash-worker<\/td><td class="num">0<\/td><td class="num">3<\/td><td class="num">—<\/td><td class="num">1\.87 s/);
  });

  it('makes backend calls add up: the calls with no status are said, apart from those still in progress', () => {
    const r = load();
    r.backend_calls = { total: 328, ok: 320, by_status: { '200': 320 }, in_flight_at_end: 2 };
    const out = renderSummary(r, { color: false });
    expect(out).toContain('328 calls, 320 ok — 200: 320 · 6 cut off before an answer (caller gone or connection closed)');
    expect(out).toContain('in progress at the end 2');
    r.backend_calls = { total: 320, ok: 320, by_status: { '200': 320 } };
    expect(renderSummary(r, { color: false })).not.toContain('cut off');
  });

  it('says nothing was lost, and hides empty sections, for a clean run', () => {
    const r = load();
    r.totals = { ...r.totals, completed: r.totals.completed + r.totals.lost, lost: 0 };
    r.rates = { ...r.rates, drop_rate: 0 };
    r.generator = { sent: r.totals.scheduled, unsent: 0, late_sends: 0, max_lag_ms: 0 };
    r.gates = [];
    r.crashes = [];
    r.discrepancies = [];
    const out = renderSummary(r, { color: false });
    expect(out).toContain('✓ nothing lost — all 1,000 requests accounted for');
    expect(out).not.toContain('LOST');
    expect(out).not.toContain('Generator');
    expect(out).not.toContain('Gates');
    expect(out).not.toContain('Crashes');
    expect(out).toContain('✓ service counters (accepted, shed, rejected, received) match what its clients heard');
  });

  it('flags a ledger that does not reconcile', () => {
    const r = load();
    r.totals = { ...r.totals, scheduled: 1001 };
    expect(renderSummary(r, { color: false })).toContain('LEDGER DOES NOT RECONCILE: outcomes sum to 1,000, scheduled 1,001');
  });

  it('appends the timelines on request, within the width', () => {
    const out = renderSummary(load(), { color: false, width: 80, timelines: true });
    expect(out).toContain('Queue depth');
    expect(out).toContain('Outcomes per second');
    expect(out.split('\n').find((l) => l.startsWith('─'))).toHaveLength(80);
  });
});
