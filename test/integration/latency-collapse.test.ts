/**
 * scenarios/latency-collapse.yaml in virtual time: the mock's latency rises with calls in
 * progress past a knee (×4 at its capacity of 16, 529 past it) while a backend-slowdown doubles
 * it, then a spike. Fixed concurrency (24 workers) pushes the backend to capacity; gradient egress
 * reads the rising latency and holds concurrency near the knee. Exact figures: the run is
 * deterministic per seed.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario, type Scenario } from '../../src/index.js';
import { expectReconciled } from '../helpers/invariant.js';

const LATENCY_COLLAPSE = new URL('../../scenarios/latency-collapse.yaml', import.meta.url).pathname;

const run = (kind: Scenario['service']['egress']['kind']) => {
  const s = loadScenario(LATENCY_COLLAPSE);
  return runScenario({ ...s, service: { ...s.service, egress: { kind } } }, { mode: 'sim' });
};

describe('latency collapse: egress that reads latency against egress that does not', () => {
  it('gradient completes at least as many requests as fixed concurrency, with a lower p99 and fewer 529s', async () => {
    const fixed = await run('fixed');
    const gradient = await run('gradient');
    expectReconciled(fixed);
    expectReconciled(gradient);

    expect(fixed.totals).toMatchObject({ scheduled: 1480, completed: 1472, failed: 8, lost: 0 });
    expect(fixed.failures).toEqual({ 'backend 529': 8 });
    expect(fixed.backend_calls.by_status).toEqual({ 200: 1472, 529: 123 });
    expect(fixed.latency_ms.p99).toBe(8163);

    expect(gradient.totals).toMatchObject({ scheduled: 1480, completed: 1480, failed: 0, lost: 0 });
    expect(gradient.backend_calls.by_status).toEqual({ 200: 1480 });
    expect(gradient.latency_ms.p99).toBe(4799);

    expect(gradient.totals.completed).toBeGreaterThanOrEqual(fixed.totals.completed);
    expect(gradient.latency_ms.p99).toBeLessThan(fixed.latency_ms.p99);
    expect(gradient.recovery!.backend_529).toBeLessThan(fixed.recovery!.backend_529);
  });

  it('AIMD reacts only once 529s come; vegas, like gradient, reads latency first (figures for the README)', async () => {
    const adaptive = await run('adaptive');
    const vegas = await run('vegas');
    expectReconciled(adaptive);
    expectReconciled(vegas);
    expect(adaptive.totals).toMatchObject({ completed: 1480, failed: 0, lost: 0 });
    expect(adaptive.backend_calls.by_status).toEqual({ 200: 1480, 529: 6 });
    expect(adaptive.latency_ms.p99).toBe(7727);
    expect(vegas.totals).toMatchObject({ completed: 1480, failed: 0, lost: 0 });
    expect(vegas.backend_calls.by_status).toEqual({ 200: 1480 });
    expect(vegas.latency_ms.p99).toBe(3485);
  });
});
