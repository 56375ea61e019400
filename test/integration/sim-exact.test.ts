import { describe, expect, it } from 'vitest';
import { runScenario, type RunResult } from '../../src/index.js';
import { expectReconciled } from '../helpers/invariant.js';
import { scenario } from '../helpers/scenario.js';

/**
 * A scenario simple enough to compute by hand: N arrivals at one instant, one worker, a fixed
 * service time (p50 = p99), a queue of capacity C. The worker is already waiting, so it takes the
 * first arrival straight away; the next C fill the queue; the rest meet a full queue.
 */
const N = 50;
const C = 10;
const W = 1;
const SERVICE_MS = 100;

function burst(strategy: unknown, extra: Record<string, unknown> = {}) {
  return scenario({
    name: 'burst',
    seed: 11,
    traffic: { phases: [{ burst: N }], drain: '60s' },
    client: { timeout: '60s' },
    service: { strategy, capacity: C, workers: W, ...extra },
    backend: { latency: { p50: `${SERVICE_MS}ms`, p99: `${SERVICE_MS}ms` } },
  });
}

const sim = async (s: ReturnType<typeof burst>): Promise<RunResult> => {
  const r = await runScenario(s, { mode: 'sim' });
  expectReconciled(r);
  return r;
};

describe('exact outcomes in virtual time', () => {
  it('reject-429: C + W complete, the rest are shed with 429 + Retry-After', async () => {
    const r = await sim(burst('reject-429'));
    const admitted = C + W;
    expect(r.totals).toEqual({ scheduled: N, completed: admitted, shed: N - admitted, rejected: 0, failed: 0, lost: 0, duplicates: 0, attempts: N });
    expect(r.answers).toEqual({ '202': admitted, '429 retry-after': N - admitted });
    // One at a time, each SERVICE_MS: the last admitted completes after admitted x SERVICE_MS.
    expect(r.latency_ms.max).toBe(admitted * SERVICE_MS);
    expect(r.latency_ms.p50).toBe(Math.ceil(admitted / 2) * SERVICE_MS);
    expect(r.queue.max_depth).toBe(C);
    expect(r.backend_calls.total).toBe(admitted);
  });

  it('drop: the same C + W complete, the rest are lost behind a 202', async () => {
    const r = await sim(burst('drop'));
    const admitted = C + W;
    expect(r.totals).toEqual({ scheduled: N, completed: admitted, shed: 0, rejected: 0, failed: 0, lost: N - admitted, duplicates: 0, attempts: N });
    expect(r.answers).toEqual({ '202': N });
    expect(r.lost_breakdown).toEqual({
      accepted_never_finished: N - admitted,
      connection_error: 0,
      timeout: 0,
      not_sent: 0,
      never_reached_backend: N - admitted,
      backend_refused_every_call: 0,
      backend_call_unfinished: 0,
      backend_call_aborted: 0,
    });
    expect(r.service_check).toEqual({ compared: true, differing: [] });
    expect(r.backend_ids).toEqual({ without_id: 0, foreign: 0, processed_although_refused: 0, batch_sizes: { '1': admitted } });
    expect(r.service_reported).toMatchObject({ received: N, accepted: N, shed: 0, rejected: 0, processed: admitted });
  });

  it('raise: the rest are rejected with a bare 500', async () => {
    const r = await sim(burst('raise'));
    expect(r.totals).toMatchObject({ completed: C + W, rejected: N - C - W, shed: 0, lost: 0 });
    expect(r.answers).toEqual({ '202': C + W, '500': N - C - W });
  });

  it('block: every caller is held until its slot frees, and all complete', async () => {
    const r = await sim(burst('block'));
    expect(r.totals).toMatchObject({ completed: N, shed: 0, lost: 0 });
    // Caller k (1-based, k > C + W) gets its slot when job k - C - W is taken: at (k - C - 1) x SERVICE_MS.
    expect(r.admission_latency_ms.max).toBe((N - C - W) * SERVICE_MS);
    expect(r.latency_ms.max).toBe(N * SERVICE_MS);
  });

  it('unbounded: dies when it would hold more than maxItems, losing everything it held', async () => {
    const M = 20;
    const r = await sim(burst({ type: 'unbounded', maxItems: M }));
    expect(r.crashes).toHaveLength(1);
    const death = r.crashes[0];
    expect(death).toMatchObject({ at_ms: 0, kind: 'service-died', reason: expect.stringMatching(/out of memory/) });
    // At that instant the worker had been handed its job but not started it: it counts as held.
    expect(death.queued_at_kill + death.in_flight_at_kill).toBe(M + W);
    expect(r.totals).toMatchObject({ completed: 0, lost: N });
    // W + M were answered 202; the next one killed it (no answer: the process died under it), and the rest found it gone.
    expect(r.answers).toEqual({ '202': W + M, 'connection ECONNRESET': N - W - M });
  });

  it('priority-shed: with only critical traffic it behaves like a full-queue 503', async () => {
    const s = burst('priority-shed');
    s.traffic.priorities = { critical: 1 };
    const r = await sim(s);
    expect(r.totals).toMatchObject({ completed: C + W, shed: N - C - W, lost: 0 });
    expect(r.answers['503 retry-after']).toBe(N - C - W);
  });
});

describe('determinism', () => {
  const spike = () =>
    scenario({
      name: 'determinism',
      seed: 99,
      traffic: {
        phases: [
          { duration: '5s', rate: 20 },
          { duration: '5s', rate: 120 },
          { duration: '5s', rampTo: 0 },
        ],
        arrival: 'poisson',
        priorities: { high: 0.2, normal: 0.5, low: 0.3 },
        drain: '30s',
      },
      client: { retry: { policy: 'honor-retry-after', maxAttempts: 3, budget: 0.5 } },
      service: { strategy: 'priority-shed', capacity: 20, workers: 3 },
      backend: { latency: { p50: '80ms', p99: '600ms' }, errorRate: 0.02 },
    });
  const withoutWall = ({ wall: _wall, ...rest }: RunResult) => rest;

  it('the same scenario and seed give an identical result (wall-clock fields aside)', async () => {
    const a = await runScenario(spike(), { mode: 'sim' });
    const b = await runScenario(spike(), { mode: 'sim' });
    expect(withoutWall(b)).toEqual(withoutWall(a));
    expect(a.totals.attempts).toBeGreaterThan(a.totals.scheduled); // retries happened, and were reproduced
  });

  it('a different seed gives a different run', async () => {
    const a = await runScenario(spike(), { mode: 'sim' });
    const s = spike();
    s.seed = 100;
    const b = await runScenario(s, { mode: 'sim' });
    expect(withoutWall(b)).not.toEqual(withoutWall(a));
  });
});
