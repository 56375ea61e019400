import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPlan, loadScenario, outcomeSum, type RunResult } from '../../src/index.js';
import { cli, scenarioFile, tempDir } from '../helpers/cli.js';

// A 10x spike for 10 s against 2 workers. `drop` answers 202 and throws the overflow away; with a
// 3 s client timeout an accepted request still unfinished 3 s later counts as lost while running,
// so `lost > 50` trips a few seconds into the spike. `reject-429` sheds instead and never trips it.
const SPIKE = (strategy: string, extra = '', abort = ['lost > 50']) => `name: abort-spike
seed: 7
traffic:
  phases:
    - { duration: 2s, rate: 10 }
    - { duration: 10s, rate: 100 }
    - { duration: 3s, rate: 10 }
  drain: 20s
  tolerance: { late: 4s }
client:
  timeout: 3s
service:
  strategy: ${strategy}
  capacity: 20
  workers: 2
backend:
  latency: { p50: 100ms, p99: 400ms }
abort: [${abort.join(', ')}]
${extra}`;

async function run(
  strategy: string,
  mode: 'sim' | 'live',
  ...flags: string[]
): Promise<{ code: number; r: RunResult; stdout: string; summary: string; file: string }> {
  const file = scenarioFile(SPIKE(strategy, '', flags.includes('--abort') ? [] : undefined));
  const out = tempDir();
  const res = await cli('run', file, '--mode', mode, '--out', out, '--quiet', ...flags);
  expect(res.stderr).toBe('');
  const read = (name: string) => readFileSync(join(out, name), 'utf8');
  return { code: res.code, r: JSON.parse(read('result.json')) as RunResult, stdout: res.stdout, summary: read('summary.md'), file };
}

/** Arrivals the plan has at or after `ms`: the ground truth for "not yet due", from the schedule alone. */
function dueFrom(file: string, ms: number): number {
  const s = loadScenario(file);
  return buildPlan(s.traffic, s.seed).at.filter((t) => t >= ms).length;
}

describe('abort conditions', () => {
  it('sim: `lost > 50` stops a drop spike early; not-yet-due arrivals are not sent, everything reconciles, exit 5', async () => {
    const { code, r, stdout, summary, file } = await run('drop', 'sim');
    expect(code).toBe(5);
    expect(r.abort).toEqual({ expr: 'lost > 50', at_ms: 6000, value: 66, detail: 'lost = 66, > 50' });
    expect(r.verdict?.status).toBe('aborted');
    expect(r.verdict?.reasons[0]).toMatch(/^abort condition `lost > 50` breached at 6\.0 s/);
    expect(stdout).toMatch(/ABORTED — abort condition `lost > 50` breached at 6\.0 s/);
    // Virtual time: the run ended within the abort's short drain, well before traffic + drain (35 s).
    expect(r.duration_ms.run).toBeLessThanOrEqual(6000 + 5000);
    expect(r.duration_ms.traffic + 20_000).toBe(35_000);
    // Exact counts for the seed; the not-yet-due are the plan's arrivals from the abort on.
    const notDue = dueFrom(file, 6000);
    expect(notDue).toBe(630);
    expect(r.generator.not_due).toBe(notDue);
    expect(r.generator.unsent).toBe(notDue);
    // Not sent because the run stopped: their own count, not lost, not in the drop rate.
    expect(r.totals.not_sent).toBe(notDue);
    expect(r.lost_breakdown.not_sent).toBe(0);
    expect(r.lost_breakdown.not_due).toBeUndefined();
    expect(r.totals).toMatchObject({ scheduled: 1050, completed: 112, lost: 308, attempts: 420 });
    // Rates are over the requests that ended, never diluted by the arrivals the abort kept back.
    expect(r.rates.drop_rate).toBeCloseTo(308 / 420, 6);
    expect(r.rates.completion_rate).toBeCloseTo(112 / 420, 6);
    expect(summary).toContain(`Stopped early (aborted): ${notDue} arrivals were never sent, the stop came first: not lost`);
    expect(outcomeSum(r.totals)).toBe(r.totals.scheduled);
    expect(r.generator.sent! + notDue).toBe(r.totals.scheduled);
    // Each request sent made one attempt (no retries): 420 / 420 sent, not 420 / 1,050 scheduled (0.4).
    expect(r.rates.retry_amplification).toBe(r.totals.attempts / r.generator.sent!);
    expect(r.rates.retry_amplification).toBe(1);
    // Not yet due is no shortfall of the generator's: the run is aborted, not invalid.
    expect(r.validity).toMatchObject({ valid: true, reasons: [], count_uncertainty: 0 });
    expect(r.events?.filter((e) => e.kind === 'abort')).toEqual([{ at_ms: 6000, kind: 'abort', detail: 'lost > 50 (lost = 66, > 50)' }]);
  });

  it('sim: an abort that cuts a durable queue’s drain short leaves its jobs unfinished_at_stop, as many as the queue file holds, never lost', async () => {
    // The queue on a file of its own (a path: in sim it would otherwise be simulated in memory), read back below.
    const out = tempDir();
    const file = scenarioFile(
      SPIKE(`{ type: persistent, lease: 2s, path: ${join(out, 'queue.db')} }`, '', ['shed > 10'])
        .replace('drain: 20s', 'drain: 1s')
        .replace('p50: 100ms, p99: 400ms', 'p50: 800ms, p99: 1500ms'),
    );
    const res = await cli('run', file, '--mode', 'sim', '--out', out, '--quiet');
    const r = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as RunResult;
    expect(res.code).toBe(5);
    expect(r.verdict?.status).toBe('aborted');
    // Ground truth: what the queue file itself still holds, read with SQLite.
    const db = new Database(join(out, 'queue.db'), { readonly: true });
    const held = Object.fromEntries(
      (db.prepare("SELECT state, count(*) AS n FROM jobs WHERE state IN ('ready', 'leased') GROUP BY state").all() as { state: string; n: number }[]).map(
        (row) => [row.state, row.n],
      ),
    );
    db.close();
    expect(held.ready + held.leased).toBeGreaterThan(0);
    expect(r.unfinished_at_stop).toEqual({ in_flight: 0, queue: { where: `queue file ${join(out, 'queue.db')}`, ready: held.ready, leased: held.leased } });
    expect(r.totals.unfinished_at_stop).toBe(held.ready + held.leased);
    expect(r.lost_breakdown.accepted_never_finished).toBe(0);
    expect(r.totals.lost).toBe(0);
    expect(outcomeSum(r.totals)).toBe(r.totals.scheduled);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary).not.toContain('silently dropped');
    expect(summary).toContain(`jobs are still in queue file ${join(out, 'queue.db')} (${held.ready} ready, ${held.leased} leased)`);
  });

  it('sim: the same spike with a safe strategy runs to its end and exits 0', async () => {
    const { code, r } = await run('reject-429', 'sim');
    expect(code).toBe(0);
    expect(r.abort).toBeUndefined();
    expect(r.verdict?.status).toBe('pass');
    expect(r.totals).toMatchObject({ scheduled: 1050, completed: 248, shed: 802, lost: 0 });
    expect(r.generator).toMatchObject({ sent: 1050, unsent: 0, not_due: 0 });
    expect(r.duration_ms.run).toBeGreaterThanOrEqual(r.duration_ms.traffic);
  });

  it('sim: a crash scheduled after the abort never fires', async () => {
    const file = scenarioFile(SPIKE('drop', 'faults: [{ at: 9s, kind: crash-service, restartAfter: 1s }]\n'));
    const res = await cli('run', file, '--mode', 'sim', '--out', tempDir(), '--json');
    const r = JSON.parse(res.stdout) as RunResult;
    expect(res.code).toBe(5);
    expect(r.abort?.at_ms).toBe(6000);
    expect(r.faults).toEqual([{ kind: 'crash-service', at_ms: 9000, fired_at_ms: null }]);
    expect(r.crashes).toEqual([]);
    expect(r.events!.filter((e) => e.kind === 'crash' || e.kind === 'restart')).toEqual([]);
  });

  it('sim: --abort adds a condition, with a trailing window', async () => {
    const { code, r } = await run('drop', 'sim', '--abort', 'drop_rate[2s] > 10%');
    expect(code).toBe(5);
    // Losses become known a client timeout (3 s) after their 202: the first drops (about 2.3 s) show at the 6 s check.
    expect(r.abort).toMatchObject({ expr: 'drop_rate[2s] > 10%', at_ms: 6000 });
    expect(r.abort!.value).toBeGreaterThan(0.1);
    expect(outcomeSum(r.totals)).toBe(r.totals.scheduled);
  });

  it('live: `lost > 50` stops a drop spike early on the run clock, reconciled, exit 5', async () => {
    const { code, r } = await run('drop', 'live');
    expect(code).toBe(5);
    expect(r.verdict?.status).toBe('aborted');
    expect(r.abort?.expr).toBe('lost > 50');
    // The run's own recorded times: the drain ended within the 5 s abort drain (one 25 ms idle poll
    // of slack), and the whole run before the traffic alone would have.
    const drained = r.events!.find((e) => e.kind === 'drained')!;
    expect(drained.at_ms).toBeLessThanOrEqual(r.abort!.at_ms + 5000 + 25);
    expect(r.duration_ms.run).toBeLessThan(r.duration_ms.traffic);
    expect(outcomeSum(r.totals)).toBe(r.totals.scheduled);
    expect(r.generator.not_due).toBeGreaterThan(0);
    expect(r.totals.not_sent).toBe(r.generator.not_due);
    expect(r.generator.sent! + r.generator.not_due!).toBe(r.totals.scheduled);
    expect(r.validity.valid).toBe(true);
  }, 60_000);

  it('an unknown metric or a bad window is bad input (exit 2) naming the closest metric, before any traffic', async () => {
    const file = scenarioFile(SPIKE('drop', 'hypothesis:\n  steadyState: [p99_latncy < 2s]\n'));
    const r = await cli('run', file, '--mode', 'sim', '--out', tempDir(), '--abort', 'lsot[10s] > 5', '--abort', 'cost_usd[10s] > 1');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--abort: Unknown metric `lsot` in abort condition `lsot[10s] > 5`; did you mean `lost`?');
    expect(r.stderr).toContain('`cost_usd` is a total so far and takes no `[window]`');
    expect(r.stderr).toContain('hypothesis.steadyState[0]: Unknown metric `p99_latncy`');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const v = await cli('validate', scenarioFile(SPIKE('drop', '', ['lots > 50'])));
    expect(v.code).toBe(2);
    expect(v.stderr).toContain('abort[0]: Unknown metric `lots` in abort condition `lots > 50`; did you mean `lost`?');
  });

  it('every bad expression is reported at its file and line, in validate as in run', async () => {
    const file = scenarioFile(
      [
        'name: lines', // 1
        'traffic: { phases: [{ duration: 1s, rate: 5 }] }', // 2
        'service: { strategy: reject-429 }', // 3
        'gates:', // 4
        '  - lost == 0', // 5
        '  - drop_rate <<< 0.1', // 6
        'abort:', // 7
        '  - lots > 50', // 8
        'hypothesis:', // 9
        '  steadyState:', // 10
        '    - p99_latncy < 2s', // 11
      ].join('\n'),
    );
    for (const r of [await cli('validate', file), await cli('run', file, '--mode', 'sim', '--out', tempDir())]) {
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${file}:6: gates[1]: Invalid value`);
      expect(r.stderr).toContain(`${file}:8: abort[0]: Unknown metric \`lots\``);
      expect(r.stderr).toContain(`${file}:11: hypothesis.steadyState[0]: Unknown metric \`p99_latncy\``);
    }
  });
});
