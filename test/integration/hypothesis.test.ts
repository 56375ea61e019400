import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { computeVerdict, exitCodeOf, loadScenario, renderJunit, renderMarkdown, renderSummary, runScenario } from '../../src/index.js';
import { scenario } from '../helpers/scenario.js';

// 8 req/s against 2 workers (about 20/s), a 4 s spike of 50 req/s into a deep queue, then 8 req/s
// again: the queue builds, then drains. The steady state: every request completes, quickly.
const SPIKE = (workers: number, steadyState = ['p99_latency < 500ms', 'drop_rate == 0']) =>
  scenario({
    name: 'hypothesis',
    seed: 11,
    traffic: {
      phases: [
        { duration: '6s', rate: 8 },
        { duration: '4s', rate: 50 },
        { duration: '24s', rate: 8 },
      ],
      drain: '20s',
    },
    client: { timeout: '30s' },
    service: { strategy: 'reject-429', capacity: 500, workers },
    backend: { latency: { p50: '100ms', p99: '200ms' } },
    hypothesis: { steadyState, window: '4s', during: true, recoveryWindow: '1s' },
  });

describe('steady-state hypothesis', () => {
  it('holds before, deviates during, holds after; recovers within 20% of the drain time measured apart', async () => {
    const r = await runScenario(SPIKE(2), { mode: 'sim' });
    const h = r.hypothesis!;
    expect(h.disturbance).toEqual({ start_ms: 6000, end_ms: 10000 });
    expect(h.windows.map((w) => [w.name, w.from_ms, w.to_ms, w.held])).toEqual([
      ['before', 2000, 6000, true],
      ['during', 6000, 10000, false],
      ['after', 30000, 34000, true],
    ]);
    expect(h.windows[1].checks).toEqual([
      { expr: 'p99_latency < 500ms', value: 6615, held: false, detail: 'p99_latency = 6.62 s (6615 ms), < 500ms' },
      { expr: 'drop_rate == 0', value: 0, held: true, detail: 'drop_rate = 0, == 0' },
    ]);
    // Recovery by the hypothesis (arrivals whose latency is back) against the queue's own drain
    // (recovery.drain_ms: from the spike's end until the queue was first empty), measured apart.
    const drain = r.recovery!.drain_ms!;
    expect(drain).toBe(11200);
    expect(h.recovered_after_ms).toBe(10700);
    expect(Math.abs(h.recovered_after_ms! - drain) / drain).toBeLessThan(0.2);
    expect(r.totals).toMatchObject({ scheduled: 440, completed: 440, lost: 0 });
    const v = computeVerdict(r);
    expect(v.status).toBe('pass');
    // The live check where the spike starts let the experiment run.
    expect(h.gate).toMatchObject({ at_ms: 6000, window_ms: 4000, held: true });
    // The journal has the live check, each window's judgment at its end, and the recovery.
    expect(r.events!.filter((e) => e.kind === 'hypothesis').map((e) => [e.at_ms, e.detail.split(' ')[0]])).toEqual([
      [6000, 'steady'],
      [6000, 'before:'],
      [10000, 'during:'],
      [34000, 'after:'],
    ]);
    expect(r.events).toContainEqual({ at_ms: 20700, kind: 'recovery', detail: 'steady state holds again' });
  });

  it('fails the run when `after` deviates: one worker never catches up with the backlog', async () => {
    const r = await runScenario(SPIKE(1), { mode: 'sim' });
    const after = r.hypothesis!.windows.find((w) => w.name === 'after')!;
    expect(after.held).toBe(false);
    expect(r.hypothesis!.recovered_after_ms).toBeNull();
    const v = computeVerdict(r);
    expect(v.status).toBe('fail');
    expect(v.reasons[0]).toMatch(/^hypothesis deviated after the disturbance: p99_latency = [\d.]+ s( \(\d+ ms\))?, < 500ms/);
    expect(exitCodeOf(v)).toBe(1);
    // CI sees it as a failing testcase of its own.
    r.verdict = v;
    expect(renderJunit([r])).toMatch(
      /<testcase name="hypothesis after: p99_latency &lt; 500ms, drop_rate == 0"[^>]*>\s*<failure message="deviated after the disturbance: p99_latency = [\d.]+ s( \(\d+ ms\))?, &lt; 500ms" type="hypothesis">/,
    );
  });

  it('an aborted run judges no `after` and finds no recovery: its last arrivals were cut short', async () => {
    // The abort trips a few seconds after the spike: the old `after` (the 4 s before the abort) would
    // have reached back into the disturbance and been judged on truncated outcomes.
    const r = await runScenario({ ...SPIKE(2), abort: ['scheduled > 270'] }, { mode: 'sim' });
    expect(r.abort).toMatchObject({ expr: 'scheduled > 270', at_ms: 13000 });
    const h = r.hypothesis!;
    expect(h.windows.map((w) => [w.name, w.from_ms, w.to_ms, w.held])).toEqual([
      ['before', 2000, 6000, true],
      ['during', 6000, 10000, false],
    ]);
    expect(h.not_judged).toBe('the run was aborted at 13.0 s');
    expect(h.recovered_after_ms).toBeNull();
    expect(r.events!.filter((e) => e.kind === 'hypothesis').map((e) => e.detail.split(' ')[0])).toEqual(['steady', 'before:', 'during:']);
    expect(r.events!.some((e) => e.detail === 'steady state holds again')).toBe(false);
    const v = computeVerdict(r);
    expect(v.status).toBe('aborted');
    r.verdict = v;
    const text = renderSummary(r, { color: false });
    expect(text).toContain('did not recover before the abort');
    expect(text).toMatch(/after +not judged +the run was aborted at 13\.0 s/);
    expect(renderMarkdown(r)).toContain('| after | | not judged | the run was aborted at 13.0 s |');
    expect(renderJunit([r])).not.toContain('hypothesis after');
  });

  it('an `after` window that would reach back into the disturbance is not judged, and the run cannot pass', async () => {
    const s = SPIKE(2);
    const r = await runScenario({ ...s, hypothesis: { ...s.hypothesis!, window: 30_000 } }, { mode: 'sim' });
    const h = r.hypothesis!;
    expect(h.windows.map((w) => w.name)).toEqual(['before', 'during']);
    expect(h.not_judged).toBe('the after window (4.0 s – 34.0 s) would overlap the disturbance (until 10.0 s)');
    const v = computeVerdict(r);
    expect(v.status).toBe('fail');
    expect(v.reasons).toEqual(['hypothesis not judged after the disturbance: the after window (4.0 s – 34.0 s) would overlap the disturbance (until 10.0 s)']);
  });

  it('scenarios/gameday.yaml aborted: no `after`, no recovery, and the queue a kill wiped is no drain', async () => {
    const file = fileURLToPath(new URL('../../scenarios/gameday.yaml', import.meta.url));
    const r = await runScenario(loadScenario(file, { strategy: 'reject-429' }), { mode: 'sim' });
    expect(r.abort).toMatchObject({ expr: 'lost > 50', at_ms: 16000 });
    expect(r.hypothesis!.windows.map((w) => w.name)).toEqual(['before', 'during']);
    expect(r.hypothesis!.not_judged).toBe('the run was aborted at 16.0 s');
    expect(r.hypothesis!.recovered_after_ms).toBeNull();
    // The kill at 11 s took its in-memory queue; it was empty at the disturbance's end (13 s) with
    // nothing completed since: loss emptied it, no worker drained it.
    expect(r.crashes[0]).toMatchObject({ kind: 'crash-service', queued_at_kill: 58, recovered_after_restart: 0 });
    expect(r.recovery!.drain_ms).toBeNull();
    expect(r.events!.some((e) => e.detail === 'queue empty after the disturbance')).toBe(false);
    // The durable queue survives the kill and its workers drain it: that drain is measured.
    const durable = await runScenario(loadScenario(file), { mode: 'sim' });
    expect(durable.abort).toBeUndefined();
    expect(durable.recovery!.drain_ms).toBe(4150);
    expect(durable.hypothesis!.recovered_after_ms).toBe(1700);
  });
});
