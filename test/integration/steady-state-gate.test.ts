/**
 * The steady state gates the experiment: checked where the disturbance starts, on what is known
 * then; not held, no fault runs (neither the backend's outage nor the kill), the traffic stops
 * there and the verdict is not_run (exit 6). Held, the faults run exactly as without the check.
 */
import { describe, expect, it } from 'vitest';
import { computeVerdict, EXIT, exitCodeOf, renderMarkdown, renderSummary, runScenario, type RunResult } from '../../src/index.js';
import { expectReconciled } from '../helpers/invariant.js';
import { scenario } from '../helpers/scenario.js';

/** One worker at ~100 ms a call: about 10 jobs a second; `rate` decides whether it sheds before the faults. */
const gated = (rate: number, gate = true, extra: Record<string, unknown> = {}) =>
  scenario({
    name: 'gated',
    seed: 11,
    traffic: { phases: [{ duration: '8s', rate }], drain: '5s' },
    client: { timeout: '10s', retry: { policy: 'none' } },
    service: { strategy: 'reject-429', capacity: 5, workers: 1, ...extra },
    backend: { latency: { p50: '100ms', p99: '100ms' } },
    faults: [
      { at: '4s', kind: 'backend-outage', duration: '2s', status: 503 },
      { at: '5s', kind: 'crash-service', restartAfter: '1s' },
    ],
    hypothesis: { steadyState: ['shed_rate == 0'], window: '3s', gate },
  });

const sim = (s: ReturnType<typeof gated>) => runScenario(s, { mode: 'sim' });

describe('a steady state that gates the experiment', () => {
  it('not held where the disturbance starts: no fault runs, the traffic stops there, verdict not_run (exit 6)', async () => {
    const r = await sim(gated(30));
    expectReconciled(r);
    const gate = r.hypothesis!.gate!;
    expect(gate).toMatchObject({ at_ms: 4000, window_ms: 3000, held: false });
    expect(gate.checks[0].value).toBeGreaterThan(0);
    // No fault ran: the outage answered nothing, the kill never happened.
    expect(r.faults!.map((f) => f.fired_at_ms)).toEqual([null, null]);
    expect(r.crashes).toEqual([]);
    expect(r.backend_calls.by_status?.['503'] ?? 0).toBe(0);
    expect(Object.keys(r.backend_calls.by_status ?? {}).filter((s) => s !== '200')).toEqual([]);
    // The arrivals after 4 s were not sent (not lost).
    expect(r.totals.not_sent).toBe(30 * 4);
    expect(r.totals.lost).toBe(0);
    const verdict = computeVerdict(r);
    expect(verdict.status).toBe('not_run');
    expect(verdict.reasons[0]).toMatch(
      /^the steady state did not hold before the disturbance \(shed_rate = [\d.]+, == 0, over the 3\.0 s before 4\.0 s\): no fault ran/,
    );
    // No disturbance happened, so there is no recovery from it to report.
    expect(r.recovery).toBeUndefined();
    expect(exitCodeOf(verdict)).toBe(EXIT.notRun);
    expect(EXIT.notRun).toBe(6);
    // Said in every report, in the same words.
    const withVerdict: RunResult = { ...r, verdict };
    const md = renderMarkdown(withVerdict);
    const text = renderSummary(withVerdict, { color: false, width: 120 });
    for (const out of [md, text]) {
      expect(out).toContain('NOT RUN');
      expect(out).toContain('did not hold');
    }
    expect(r.events!.some((e) => e.kind === 'hypothesis' && e.detail.startsWith('steady state did not hold before the disturbance'))).toBe(true);
    expect(r.events!.some((e) => e.kind === 'fault-start')).toBe(false);
  });

  it('held: the faults run exactly as they do without the check (same seed, same result)', async () => {
    const [checked, unchecked] = await Promise.all([sim(gated(6)), sim(gated(6, false))]);
    expect(checked.hypothesis!.gate).toMatchObject({ at_ms: 4000, held: true });
    expect(unchecked.hypothesis!.gate).toBeUndefined();
    expect(checked.faults!.map((f) => f.fired_at_ms)).toEqual([4000, 5000]);
    expect(checked.backend_calls.by_status?.['503']).toBeGreaterThan(0);
    const same = (r: RunResult) => ({
      totals: r.totals,
      latency: r.latency_ms,
      calls: r.backend_calls,
      answers: r.answers,
      crashes: r.crashes,
      timeline: r.timeline,
    });
    expect(same(checked)).toEqual(same(unchecked));
    expect(computeVerdict(checked).status).not.toBe('not_run');
  });

  it('holds a kill due at the very moment the disturbance starts until the check says go', async () => {
    const at = (rate: number) => {
      const s = gated(rate);
      s.faults = [{ ...s.faults[1], at: 4000 }];
      return s;
    };
    const [calledOff, ran] = await Promise.all([sim(at(30)), sim(at(6))]);
    expect(calledOff.hypothesis!.gate!.held).toBe(false);
    expect(calledOff.crashes).toEqual([]);
    expect(calledOff.faults![0].fired_at_ms).toBeNull();
    expect(ran.hypothesis!.gate!.held).toBe(true);
    expect(ran.crashes.map((c) => [c.kind, c.at_ms])).toEqual([['crash-service', 4000]]);
  });

  it('gates nothing when the disturbance starts with the traffic, and says so', async () => {
    const s = gated(6);
    s.faults[0].at = 0;
    const r = await sim(s);
    expect(r.hypothesis!.gate).toBeUndefined();
    expect(r.hypothesis!.not_gated).toBe('the disturbance starts with the traffic: there is no before to check');
    expect(r.faults![0].fired_at_ms).toBe(0);
  });

  it('live, with the service in its own process: not held, no kill and no outage', async () => {
    const r = await runScenario(gated(30, true, { process: 'child' }), { mode: 'live' });
    expectReconciled(r);
    expect(r.hypothesis!.gate!.held).toBe(false);
    expect(r.crashes).toEqual([]);
    expect(r.backend_calls.by_status?.['503'] ?? 0).toBe(0);
    // A generator that fell far behind makes any run invalid first (a starved machine); otherwise not run.
    expect(computeVerdict(r).status).toBe(r.validity.valid ? 'not_run' : 'invalid');
  });
});
