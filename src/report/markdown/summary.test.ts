import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeVerdict, type CompareResult, type RunResult } from '../../model/index.js';
import { renderCompareMarkdown, renderMarkdown } from './summary.js';

const fixtures = new URL('../../../test/fixtures/report/', import.meta.url);
const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8')) as T;
const loadCompare = (): RunResult[] => read<CompareResult>('compare/compare.json').results.map((f) => read<RunResult>(`compare/${f}`));

/** Every table row has as many cells as its header: a stray `|` would break GitHub's rendering. */
function expectWellFormedTables(md: string): void {
  const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length;
  let width = 0;
  for (const line of md.split('\n')) {
    if (!line.startsWith('|')) {
      width = 0;
      continue;
    }
    if (width === 0) width = cells(line);
    expect(cells(line), line).toBe(width);
  }
}

describe('renderMarkdown', () => {
  const md = renderMarkdown(read<RunResult>('result.json'));

  it('states the lost verdict and the outcome table with shares of scheduled', () => {
    expect(md.split('\n')[0]).toBe('# ❌ FAIL — gameday: flash-spike · `priority-shed`');
    expect(md).toContain('> **FAIL** — gate failed: lost == 0 (measured 80)');
    expect(md).toContain('**LOST 80 (8.00%) — 80 accepted (2xx) and never finished**');
    // A result with the split names the silent drops apart from the jobs whose every backend call failed.
    const fixture = read<RunResult>('result.json');
    const split = renderMarkdown({
      ...fixture,
      lost_breakdown: { ...fixture.lost_breakdown, never_reached_backend: 50, backend_refused_every_call: 30, backend_call_unfinished: 0 },
    });
    expect(split).toContain(
      '**LOST 80 (8.00%) — 50 accepted (2xx), never reached the backend: silently dropped; 30 accepted (2xx), reached the backend and every call failed: the caller was never told**',
    );
    // Id-less calls at the backend: the jobs may have reached it without their id, so not "silently dropped".
    const anonymous = renderMarkdown({
      ...fixture,
      lost_breakdown: { ...fixture.lost_breakdown, never_reached_backend: 80, backend_refused_every_call: 0, backend_call_unfinished: 0 },
      backend_ids: { without_id: 80, foreign: 0, processed_although_refused: 0, batch_sizes: {} },
    });
    expect(anonymous).toContain(
      "**LOST 80 (8.00%) — 80 accepted (2xx), no call carrying its id reached the backend (the service's calls reached the backend but 80 carried no request id: forward the id you were sent)**",
    );
    expect(anonymous).not.toContain('silently dropped');
    expect(md).toContain('| completed | 700 | 70.00% |');
    expect(md).toContain('| shed | 200 | 20.00% |');
    expect(md).toContain('| failed | 20 | 2.00% |');
    expect(md).toContain('| **lost** | 80 | 8.00% |');
    expect(md).toContain('retry amplification 1.24×');
  });

  it('has the rates, latency and per-priority tables', () => {
    expect(md).toContain('| 50.0/s | 49.8/s | 8.00% | 20.00% | 0.00% | 2.00% | 70.00% |');
    expect(md).toContain('| completion | 3.55 s | 12.80 s | 16.80 s | 20.80 s | 700 |');
    expect(md).toContain('| admission | 3 ms | 6 ms | 18 ms | 45 ms | 1,240 |');
    expect(md).toContain('Max queue depth **275**, drain 10.80 s.');
    expect(md).toContain('| low | 202 | 118 | 57 | 0 | 4 | 23 | 11.39% |');
    expectWellFormedTables(md);
  });

  it('renders gates as a checklist and discrepancies as a warning', () => {
    expect(md).toContain('- [ ] `lost == 0` — measured 80 · 80 requests lost (drop rate 8.00%)');
    expect(md).toContain('- [x] `p99_latency < 20s` — measured 16800');
    expect(md).toContain('> [!WARNING]');
    expect(md).toContain('> - service reports 0 lost, but 80 accepted requests never reached the backend');
  });

  it('escapes text that would break a table', () => {
    const r = read<RunResult>('result.json');
    r.failures = { 'upstream | said <no>': 20 };
    const out = renderMarkdown(r);
    expect(out).toContain('| upstream \\| said \\<no\\> | 20 |');
    expectWellFormedTables(out);
  });

  it('says nothing was lost for a clean run', () => {
    const r = read<RunResult>('result.json');
    r.totals = { ...r.totals, completed: 780, lost: 0 };
    r.gates = r.gates.map((g) => ({ ...g, pass: true }));
    r.discrepancies = [];
    const out = renderMarkdown(r);
    expect(out.split('\n')[0]).toMatch(/^# ✅ PASS — /);
    expect(out).toContain('✅ **nothing lost**');
    expect(out).not.toContain('LOST');
    expect(out).toContain('counters (accepted, shed, rejected, received) match what its clients heard');
  });

  it('says "agree" only when there were counters and every field matched', () => {
    const r = read<RunResult>('result.json');
    r.discrepancies = [];
    const none = renderMarkdown({ ...r, service_reported: null, service_check: { compared: false, differing: [] } });
    expect(none).not.toContain('agree');
    expect(none).toContain('its counters are not visible');
    const differing = ['shed: service 1,024, clients heard 0', 'received: service 1,174, clients heard 2,000 answers'];
    const block = renderMarkdown({ ...r, service_check: { compared: true, differing }, discrepancies: differing.map((d) => `service counter ${d}`) });
    expect(block).not.toContain('match what its clients heard');
    expect(block).toContain('service counter shed: service 1,024, clients heard 0');
    expect(block).toContain('service counter received: service 1,174');
  });

  it('puts no green tick on a run that failed a gate with nothing lost (a retry storm)', () => {
    const r = read<RunResult>('result.json');
    r.totals = { ...r.totals, completed: 780, lost: 0 };
    r.gates = [{ expr: 'retry_amplification < 1.5', value: 3.2, pass: false }];
    const out = renderMarkdown(r);
    expect(out.split('\n')[0]).toMatch(/^# ❌ FAIL — /);
    expect(out).toContain('**nothing lost**');
    expect(out).not.toContain('✅');
  });

  it('opens an expected failure as a pass that says why', () => {
    const r = read<RunResult>('result.json');
    r.verdict = { status: 'pass', expected_failure: true, reasons: ['failed as expected (--expect-fail): lost == 0 (measured 80)'] };
    const out = renderMarkdown(r);
    expect(out.split('\n')[0]).toMatch(/^# ✅ PASS \(expected failure\) — /);
  });

  it('opens an aborted run as ABORTED with the condition that stopped it, its gates not counted as failed', () => {
    const r = read<RunResult>('result.json');
    r.abort = { expr: 'lost > 50', at_ms: 6000, value: 66, detail: 'lost = 66, > 50' };
    r.verdict = computeVerdict(r);
    const out = renderMarkdown(r);
    expect(out.split('\n')[0]).toBe('# ⛔ ABORTED at `lost > 50` (6.0 s) — gameday: flash-spike · `priority-shed`');
    expect(out).toContain('> **ABORTED** — abort condition \\`lost \\> 50\\` breached at 6.0 s');
    expect(out).toContain('- `lost == 0` — measured 80 · ');
    expect(out).not.toContain('- [ ]');
    const compare = renderCompareMarkdown([r, loadCompare()[1]]);
    expect(compare.split('\n')[0]).toBe('# ⛔ ABORTED — gameday compare: flash-spike');
    expect(compare).toContain('- `priority-shed`: ⛔ **ABORTED** — 2 gates not concluded (abort condition');
  });
});

describe('renderCompareMarkdown', () => {
  const md = renderCompareMarkdown(loadCompare());

  it('puts the strategies side by side with the best values in bold', () => {
    expect(md).toContain('| `drop` | 402 | 0 | 0 | **6** | 592 | 59.20% |');
    expect(md).toContain('| `reject-429` | 503 | 488 | 0 | 9 | **0** | **0.00%** |');
    expect(md).toContain('| `priority-shed` | **604** | 381 | 0 | 12 | 3 | 0.30% |');
    expectWellFormedTables(md);
  });

  it('summarises gates and discrepancies per strategy', () => {
    expect(md.split('\n')[0]).toBe('# ❌ FAIL — gameday compare: flash-spike');
    expect(md).toContain('- `drop`: ❌ **FAIL** — 1/2 gates passed; failed: `lost == 0`');
    expect(md).toContain('- `reject-429`: ✅ **PASS** — 2/2 gates passed');
    expect(md).toContain('> - `drop`: service reports 1000 accepted and 0 dropped');
  });
});
