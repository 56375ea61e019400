/**
 * The retry storm, in virtual time: the same seeded spike against reject-429, once with naive
 * clients (immediate retries, no budget) and once honouring Retry-After with jittered backoff, a
 * maximum of attempts and a retry budget. Exact figures: the run is deterministic per seed.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario, type Scenario } from '../../src/index.js';
import { expectReconciled } from '../helpers/invariant.js';

const STORM = new URL('../../scenarios/retry-storm.yaml', import.meta.url).pathname;

function withRetry(s: Scenario, retry: Partial<Scenario['client']['retry']>): Scenario {
  return { ...s, client: { ...s.client, retry: { ...s.client.retry, ...retry } } };
}

describe('retry storm: naive retry vs honouring Retry-After, same traffic', () => {
  it('naive retry amplifies at least 3x more and completes no more', async () => {
    const base = loadScenario(STORM);
    const naive = await runScenario(base, { mode: 'sim' });
    const honour = await runScenario(withRetry(base, { policy: 'honor-retry-after', maxAttempts: 3, budget: 0.1 }), { mode: 'sim' });
    expectReconciled(naive);
    expectReconciled(honour);

    expect(naive.totals).toMatchObject({ scheduled: 1300, completed: 304, shed: 996, lost: 0, attempts: 10_264 });
    expect(honour.totals).toMatchObject({ scheduled: 1300, completed: 315, shed: 985, lost: 0, attempts: 1428 });
    expect(naive.rates.retry_amplification).toBe(7.8954);
    expect(honour.rates.retry_amplification).toBe(1.0985);
    expect(naive.rates.retry_amplification).toBeGreaterThanOrEqual(3 * honour.rates.retry_amplification);
    expect(naive.totals.completed).toBeLessThanOrEqual(honour.totals.completed);
    // The storm never reaches the backend here (reject-429 refuses at the door): one call per completion.
    expect(naive.rates.backend_calls_per_completed).toBe(1);
  });

  it('a naive client is capped only by maxAttempts, never by a retry budget', async () => {
    const r = await runScenario(withRetry(loadScenario(STORM), { maxAttempts: 3, budget: 0 }), { mode: 'sim' });
    expect(r.totals.attempts).toBe(r.totals.scheduled + 2 * r.totals.shed);
  });
});
