/**
 * Workers against a rate-limited backend, in virtual time: 8 workers could send ~18 calls/s to
 * a mock that allows 600 per minute (10/s). Fixed concurrency hammers it; adaptive (AIMD)
 * egress backs off on 429s and honours retry-after; a token bucket set under the limit never
 * meets it. Exact figures: the run is deterministic per seed.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario, type Scenario } from '../../src/index.js';
import { expectReconciled } from '../helpers/invariant.js';

const RATE_LIMIT = new URL('../../scenarios/rate-limit.yaml', import.meta.url).pathname;

function withEgress(s: Scenario, egress: Scenario['service']['egress']): Scenario {
  return { ...s, service: { ...s.service, egress } };
}

describe('egress pacing against a rate-limited backend with more workers than the limit allows', () => {
  it('adaptive completes at least as many requests as fixed concurrency, with fewer 429s', async () => {
    const base = loadScenario(RATE_LIMIT);
    const fixed = await runScenario(withEgress(base, { kind: 'fixed' }), { mode: 'sim' });
    const adaptive = await runScenario(withEgress(base, { kind: 'adaptive' }), { mode: 'sim' });
    expectReconciled(fixed);
    expectReconciled(adaptive);

    expect(fixed.totals).toMatchObject({ scheduled: 520, completed: 491, failed: 29, lost: 0 });
    expect(fixed.failures).toEqual({ 'backend 429': 29 });
    expect(fixed.recovery!.backend_429).toBe(116);
    expect(adaptive.totals).toMatchObject({ scheduled: 520, completed: 520, failed: 0, lost: 0 });
    expect(adaptive.recovery!.backend_429).toBe(18);

    expect(adaptive.totals.completed).toBeGreaterThanOrEqual(fixed.totals.completed);
    expect(adaptive.recovery!.backend_429).toBeLessThan(fixed.recovery!.backend_429);
    expect(adaptive.rates.backend_calls_per_completed).toBeLessThan(fixed.rates.backend_calls_per_completed);
  });

  it('a token bucket under the known limit never meets a 429', async () => {
    const r = await runScenario(withEgress(loadScenario(RATE_LIMIT), { kind: 'token-bucket', rate: 9 }), { mode: 'sim' });
    expect(r.totals).toMatchObject({ completed: 520, failed: 0, lost: 0 });
    expect(r.recovery!.backend_429).toBe(0);
    expect(r.backend_calls.total).toBe(520);
  });

  it("the SDK's own retries (maxRetries) also honour retry-after, at the cost of backend calls", async () => {
    const base = withEgress(loadScenario(RATE_LIMIT), { kind: 'fixed' });
    const r = await runScenario({ ...base, service: { ...base.service, sdkMaxRetries: 2 } }, { mode: 'sim' });
    expect(r.totals).toMatchObject({ completed: 520, failed: 0, lost: 0 });
    expect(r.backend_calls.total).toBe(520 + r.recovery!.backend_429);
  });
});
