import { describe, expect, it } from 'vitest';
import { runScenario, type RunResult } from '../../src/index.js';
import { expectReconciled } from '../helpers/invariant.js';
import { overload, scenario } from '../helpers/scenario.js';

// Live mode: real HTTP into the service, real SDK calls to the mock on loopback, the wall clock.
// Counts vary run to run, so these assert what each strategy must and must not do.
const live = (s: Parameters<typeof runScenario>[0]) => runScenario(s, { mode: 'live' });

/**
 * What a strategy that refuses instead of dropping promises: nothing it accepted is lost. A
 * machine starved far past two busy cores can also fail connections before the service reads
 * them; a run that says its counts hold must show no loss at all.
 */
function expectNothingLost(r: RunResult) {
  const why = JSON.stringify({ lost: r.lost_breakdown, answers: r.answers, valid: r.validity.valid });
  expect(r.lost_breakdown.accepted_never_finished, why).toBe(0);
  if (r.validity.valid) expect(r.totals.lost, why).toBe(0);
}

describe.concurrent('a 10x spike against each strategy (live)', () => {
  it('drop: loses work while answering 202 to everything', async () => {
    const r = await live(overload('drop'));
    expectReconciled(r);
    expect(r.totals.lost).toBeGreaterThan(0);
    expect(r.totals.shed).toBe(0);
    expect(Object.keys(r.answers)).toEqual(['202']);
    // Lost in the service: accepted, then dropped. (A machine starved far past two busy cores can
    // also fail connections before the service reads them: a run whose counts hold shows none.)
    const why = JSON.stringify({ lost: r.lost_breakdown, answers: r.answers, valid: r.validity.valid });
    expect(r.lost_breakdown.accepted_never_finished, why).toBeGreaterThan(0);
    if (r.validity.valid) expect(r.lost_breakdown.accepted_never_finished, why).toBe(r.totals.lost);
    expect(r.discrepancies.join('\n')).toMatch(/no refusals .* lost/);
  });

  it('raise: rejects with 500 and no Retry-After, loses nothing', async () => {
    const r = await live(overload('raise'));
    expectReconciled(r);
    expect(r.totals.rejected).toBeGreaterThan(0);
    expectNothingLost(r);
    expect(r.answers['500']).toBe(r.totals.rejected);
    expect(r.answers['500 retry-after']).toBeUndefined();
  });

  it('reject-429: sheds with 429 and a positive Retry-After, loses nothing', async () => {
    const r = await live(overload('reject-429'));
    expectReconciled(r);
    expect(r.totals.shed).toBeGreaterThan(0);
    expectNothingLost(r);
    // The client records "retry-after" only for a positive header value: a bare 429 would appear as "429".
    expect(r.answers['429 retry-after']).toBe(r.totals.shed);
    expect(r.answers['429']).toBeUndefined();
  });

  it('reject-503: sheds with 503 and a positive Retry-After, loses nothing', async () => {
    const r = await live(overload('reject-503'));
    expectReconciled(r);
    expect(r.totals.shed).toBeGreaterThan(0);
    expectNothingLost(r);
    expect(r.answers['503 retry-after']).toBe(r.totals.shed);
    expect(r.answers['503']).toBeUndefined();
  });

  it('priority-shed: sheds low first and critical last; critical loses nothing', async () => {
    const r = await live(overload('priority-shed'));
    expectReconciled(r);
    const shedShare = (p: 'critical' | 'high' | 'normal' | 'low') => r.by_priority[p]!.shed / r.by_priority[p]!.scheduled;
    // This spike keeps the queue above both the low (50%) and the normal (70%) threshold, so both
    // are shed about 95% of the time and their order is chance (in virtual time, seed 9: low 0.954,
    // normal 0.955). Each is checked against the priorities the thresholds do separate here.
    expect(shedShare('low')).toBeGreaterThanOrEqual(shedShare('high'));
    expect(shedShare('normal')).toBeGreaterThanOrEqual(shedShare('high'));
    expect(shedShare('high')).toBeGreaterThanOrEqual(shedShare('critical'));
    expect(shedShare('low')).toBeGreaterThan(shedShare('critical'));
    expect(r.by_priority.critical!.lost).toBe(0);
    expectNothingLost(r);
  });

  it('unbounded: dies at its limit and what it held is lost', async () => {
    const r = await live(overload('unbounded', { strategy: { type: 'unbounded', maxItems: 100 } }));
    expectReconciled(r);
    const death = r.crashes.find((c) => c.kind === 'service-died');
    expect(death).toBeDefined();
    expect(death!.queued_at_kill).toBe(100);
    // Everything queued at the death was accepted and never finished; in-flight calls were cut too.
    expect(r.lost_breakdown.accepted_never_finished).toBeGreaterThanOrEqual(death!.queued_at_kill);
    expect(r.lost_breakdown.accepted_never_finished).toBeLessThanOrEqual(death!.queued_at_kill + death!.in_flight_at_kill + 1);
    // After the death the port answers nothing: the rest are connection errors, also lost.
    expect(r.lost_breakdown.connection_error).toBeGreaterThan(0);
    expect(r.totals.lost).toBe(r.lost_breakdown.accepted_never_finished + r.lost_breakdown.connection_error);
    expect(r.totals.shed + r.totals.rejected).toBe(0);
  });

  it('block: holds callers where a bounded queue must refuse; nothing lost or shed while waits stay under the timeout', async () => {
    // 30/s for 2 s against a 20-slot queue and ~16/s of service: more arrive than the queue and
    // the workers can take at once. The same traffic, at the same moment, against reject-429 must
    // shed; block must instead hold those callers until a slot frees. (Semantics, not a time bound:
    // a busy CPU only makes the overload deeper.)
    const traffic = (strategy: string) =>
      scenario({
        name: 'block-moderate',
        seed: 5,
        traffic: { phases: [{ duration: '2s', rate: 30 }], drain: '20s' },
        client: { timeout: '20s' },
        service: { strategy, capacity: 20, workers: 2 },
        backend: { latency: { p50: '100ms', p99: '400ms' } },
      });
    const [held, refused] = await Promise.all([live(traffic('block')), live(traffic('reject-429'))]);
    expectReconciled(held);
    expect(refused.totals.shed).toBeGreaterThan(0);
    expect(held.totals.lost).toBe(0);
    expect(held.totals.shed).toBe(0);
    expect(held.totals.completed).toBe(held.totals.scheduled);
    expect(Object.keys(held.answers)).toEqual(['202']);
  });
});

describe('open-loop offered load', () => {
  it('achieves the target rate even while the service is saturated', async () => {
    const r: RunResult = await live(overload('reject-429'));
    expect(r.generator.unsent).toBe(0);
    expect(r.rates.achieved_rps).toBeGreaterThan(r.rates.target_rps * 0.9);
    expect(r.rates.achieved_rps).toBeLessThanOrEqual(r.rates.target_rps * 1.01);
  });
});
