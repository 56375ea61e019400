/**
 * A 10 s backend outage (every call 529) under steady traffic, in virtual time. Holding the
 * work (block, or a durable queue) with clients that retry completes every request once the
 * backend is back, within the drain; reject-503 sheds while the outage lasts.
 */
import { describe, expect, it } from 'vitest';
import { getStrategy, loadScenario, runScenario, strategyNames, type RunResult, type Scenario } from '../../src/index.js';
import { expectReconciled } from '../helpers/invariant.js';

const OUTAGE = new URL('../../scenarios/backend-outage.yaml', import.meta.url).pathname;
const OUTAGE_START = 10_000;
const OUTAGE_END = 20_000;

const withStrategy = (s: Scenario, type: string, options: Record<string, unknown> = {}): Scenario => ({
  ...s,
  service: { ...s.service, strategy: { type, options: getStrategy(type).optionsSchema.parse(options) as Record<string, unknown> } },
});

/** Every request completed, the last of them after the outage and before the drain window closed. */
function expectAllCompletedAfterOutage(r: RunResult, s: Scenario): void {
  expectReconciled(r);
  expect(r.totals.completed).toBe(r.totals.scheduled);
  expect(r.queue.drain_ms).not.toBeNull();
  expect(r.duration_ms.run).toBeLessThanOrEqual(r.duration_ms.traffic + s.traffic.drain);
  const lastCompletion = r.timeline.reduce((t, p) => (p.completed > 0 ? p.t : t), 0);
  expect(lastCompletion * 1000).toBeGreaterThanOrEqual(OUTAGE_END);
}

describe('backend outage', () => {
  it('block with client retries completes every request after the outage ends, within the drain', async () => {
    const s = loadScenario(OUTAGE);
    const r = await runScenario(s, { mode: 'sim' });
    expectAllCompletedAfterOutage(r, s);
    expect(r.totals).toMatchObject({ scheduled: 320, completed: 320, shed: 0, failed: 0, lost: 0, attempts: 327 });
    expect(r.backend_calls.by_status).toEqual({ 200: 320, 529: 24 });
    // Nothing completes while the backend is down.
    expect(r.timeline.slice(OUTAGE_START / 1000, OUTAGE_END / 1000).every((p) => p.completed === 0)).toBe(true);
    expect(r.recovery).toMatchObject({
      window: { start_ms: OUTAGE_START, end_ms: OUTAGE_END, cause: 'faults' },
      // 4750 on engine 1. On engine 2 a freed worker starts its next backend call in the same
      // turn as it settles the last, and the held callers' jobs reach the queue after it: the
      // same 320 calls draw their latencies in another order, and the last answer lands 25 ms later.
      drain_ms: 4775,
      latency_recovered_ms: 4000,
      backend_529: 24,
    });
  });

  it.runIf(strategyNames().includes('persistent'))(
    'persistent with client retries completes every request after the outage ends, within the drain',
    async () => {
      const s = withStrategy(loadScenario(OUTAGE), 'persistent');
      const r = await runScenario(s, { mode: 'sim' });
      expectAllCompletedAfterOutage(r, s);
      expect(r.totals.lost).toBe(0);
    },
  );

  it('reject-503 sheds during the outage: from when its queue fills until the backlog has drained', async () => {
    const base = withStrategy(loadScenario(OUTAGE), 'reject-503', { shedAt: 0.9 });
    const s = { ...base, client: { ...base.client, retry: { ...base.client.retry, policy: 'none' as const } } };
    const r = await runScenario(s, { mode: 'sim' });
    expectReconciled(r);
    expect(r.totals).toMatchObject({ scheduled: 320, completed: 269, shed: 51, failed: 0, lost: 0 });
    const shedAt = r.timeline.filter((p) => p.shed > 0).map((p) => p.t * 1000);
    expect(shedAt.length).toBeGreaterThan(0);
    // 36 slots fill 4.5 s into the outage at 8 req/s; the backlog is gone 2.9 s after it ends.
    expect(shedAt).toEqual([15_000, 16_000, 17_000, 18_000, 19_000, 20_000, 21_000]);
    expect(r.recovery!.drain_ms).toBe(2925);
    expect(shedAt.every((t) => t >= OUTAGE_START && t < OUTAGE_END + r.recovery!.drain_ms!)).toBe(true);
    expect(r.answers['503 retry-after']).toBe(51);
  });
});
