import { describe, expect, it } from 'vitest';
import { computeVerdict, exitCodeOf, renderJunit, runScenario } from '../../src/index.js';
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
    // The journal has each check at its window's end, and the recovery.
    expect(r.events!.filter((e) => e.kind === 'hypothesis').map((e) => [e.at_ms, e.detail.split(' ')[0]])).toEqual([
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
});
