import { afterEach, describe, expect, it } from 'vitest';
import { renderMarkdown, renderSummary, runScenario, type RunResult } from '../../src/index.js';
import { expectReconciled } from '../helpers/invariant.js';
import { scenario } from '../helpers/scenario.js';
import { freePort, startService, type RunningService } from './harness.js';
import type { TruthTable } from './services/kit.js';

/**
 * Completed means delivered: an express + p-queue service that reports each job's result, by
 * callback or on its status route. It drops what does not fit its queue, fails jobs whose Claude
 * call failed and every 6th job on purpose (and says so), and throws away every 5th answer
 * before delivering it. Each count
 * must equal what the service itself did, per id.
 */
describe('a delivery signal: completed = what your service delivered', () => {
  let svc: RunningService | undefined;
  afterEach(async () => {
    await svc?.stop();
    svc = undefined;
  });

  async function game(delivery: Record<string, unknown>, env: Record<string, string | number>): Promise<{ r: RunResult; truth: TruthTable }> {
    const mockPort = await freePort();
    svc = await startService('express-pqueue', {
      ANTHROPIC_BASE_URL: `http://127.0.0.1:${mockPort}`,
      // Enough slots that a dozen or so of every-5th jobs get processed even on a loaded machine,
      // few enough that the spike still drops some: each kind of ending happens in every run.
      CAPACITY: 12,
      WORKERS: 1,
      LOSE_EVERY: 5,
      FAIL_EVERY: 6,
      ...env,
    });
    const r = await runScenario(
      scenario({
        name: 'delivery',
        traffic: { phases: [{ duration: '2s', rate: 50 }], drain: '10s' },
        client: { timeout: '10s', retry: { policy: 'none' } },
        service: { url: svc.url, quietPeriod: '500ms', delivery },
        backend: { port: mockPort, latency: { p50: '40ms', p99: '80ms' }, errorRate: 0.2 },
      }),
      { mode: 'live' },
    );
    expectReconciled(r);
    return { r, truth: await svc.truth() };
  }

  /** Every outcome from the service's own truth: delivered completed or failed, else lost, and why. */
  function expectTruth(r: RunResult, table: TruthTable) {
    const ids = Object.values(table);
    expect(ids).toHaveLength(r.totals.scheduled);
    const lost = ids.filter((t) => !t.delivered);
    const truth = {
      completed: ids.filter((t) => t.delivered === 'completed').length,
      failed: ids.filter((t) => t.delivered === 'failed').length,
      lost: lost.length,
      answered_not_delivered: lost.filter((t) => t.gotBack > 0).length,
      never_reached_backend: lost.filter((t) => t.callsCarrying === 0).length,
      backend_refused_every_call: lost.filter((t) => t.gotBack === 0 && t.callsCarrying > 0).length,
    };
    expect({
      completed: r.totals.completed,
      failed: r.totals.failed,
      lost: r.totals.lost,
      answered_not_delivered: r.lost_breakdown.answered_not_delivered,
      never_reached_backend: r.lost_breakdown.never_reached_backend,
      backend_refused_every_call: r.lost_breakdown.backend_refused_every_call,
    }).toEqual(truth);
    // Each kind happened: the test cannot pass on a service that did only one thing. (A failed job
    // the service then also threw away is rare by design: counted above, not required.)
    for (const [k, n] of Object.entries(truth)) if (k !== 'backend_refused_every_call') expect(n, k).toBeGreaterThan(0);
    const reasons: Record<string, number> = {};
    for (const t of ids) if (t.delivered === 'failed') reasons[t.reason!] = (reasons[t.reason!] ?? 0) + 1;
    expect(r.failures).toEqual(reasons);
  }

  it('by callback: the service POSTs each result to the URL every job carried', async () => {
    const { r, truth } = await game({ callback: true }, { DELIVERY: 'callback' });
    expectTruth(r, truth);
    expect(r.delivery).toMatchObject({ signal: 'callback', unknown_ids: 0, invalid: 0 });
    expect(r.delivery!.reports).toBe(r.totals.completed + r.totals.failed);
    expect(r.delivery!.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/gameday\/deliveries$/);
    // The terminal wraps long lines at its width: read them as one again.
    const text = renderSummary(r, { color: false }).replace(/\n */g, ' ');
    expect(text).toContain(`completed = delivered: what your service reported completed to ${r.delivery!.endpoint}`);
    expect(text).toContain('answered at the backend and never delivered by the service (answered_not_delivered)');
  });

  it('by status route: gameday polls GET /jobs/{id} until done or failed', async () => {
    const { r, truth } = await game(
      { status: 'GET /jobs/{id}', done: "$.state == 'completed'", failed: "$.state == 'failed'", reason: '$.error', every: '100ms' },
      { DELIVERY: 'status' },
    );
    expectTruth(r, truth);
    expect(r.delivery).toMatchObject({ signal: 'status', endpoint: 'GET /jobs/{id}', unknown_ids: 0 });
    expect(r.delivery!.reports).toBe(r.totals.completed + r.totals.failed);
    expect(r.delivery!.polls).toBeGreaterThanOrEqual(r.delivery!.reports);
    expect(renderMarkdown(r)).toContain("completed = delivered: what your service's status route (GET /jobs/{id}) said was done");
  });

  it('a circuit breaker (opossum) through a 529 outage: every job it failed is failed, with the reason it gave', async () => {
    const mockPort = await freePort();
    svc = await startService('express-breaker', { ANTHROPIC_BASE_URL: `http://127.0.0.1:${mockPort}`, WORKERS: 4 });
    const r = await runScenario(
      scenario({
        name: 'breaker',
        traffic: { phases: [{ duration: '3s', rate: 20 }], drain: '10s' },
        client: { timeout: '10s', retry: { policy: 'none' } },
        service: { url: svc.url, quietPeriod: '500ms', delivery: { callback: true } },
        backend: { port: mockPort, latency: { p50: '40ms', p99: '80ms' } },
        faults: [{ at: '1s', kind: 'backend-outage', duration: '1s', status: 529 }],
      }),
      { mode: 'live' },
    );
    expectReconciled(r);
    const { table, reasons } = (await svc.truth()) as unknown as { table: TruthTable; reasons: Record<string, string> };
    const ids = Object.values(table);
    expect(ids).toHaveLength(60);
    const byReason: Record<string, number> = {};
    for (const why of Object.values(reasons)) byReason[why] = (byReason[why] ?? 0) + 1;
    expect(r.totals).toMatchObject({
      completed: ids.filter((t) => t.delivered === 'completed').length,
      failed: ids.filter((t) => t.delivered === 'failed').length,
      lost: 0,
    });
    expect(r.failures).toEqual(byReason);
    // The breaker opened: some jobs failed without any call, others on the backend's 529.
    expect(byReason['breaker open']).toBeGreaterThan(0);
    expect(byReason['backend 529']).toBeGreaterThan(0);
  });

  it('without a delivery signal, every report says completed stops at the backend', async () => {
    const { r } = await game({ callback: true }, { DELIVERY: 'callback' });
    const without = { ...r, delivery: undefined };
    for (const out of [renderSummary(without, { color: false }), renderMarkdown(without)])
      expect(out).toContain("completed = answered at the backend; the service's delivery is not observed");
  });
});
