import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/index.js';
import { expectReconciled } from '../helpers/invariant.js';
import { scenario } from '../helpers/scenario.js';

/**
 * lifo-shed by hand: N arrivals at one instant, one worker already waiting, a fixed 100 ms call, a
 * queue of C. The worker takes arrival 0 at once; arrivals 1..C fill the queue; each later one is
 * accepted and ends the oldest queued job, so arrivals 1..N-C-1 are evicted (reported failed) and
 * the newest C are kept. The worker then serves newest first: arrival N-1 at 200 ms, down to
 * arrival N-C at (C + 1) × 100 ms.
 */
const N = 50;
const C = 10;
const SERVICE_MS = 100;

describe('lifo-shed in virtual time', () => {
  it('accepts all N, completes the first and the newest C, ends the rest with a reported reason; nothing lost', async () => {
    const r = await runScenario(
      scenario({
        name: 'lifo',
        seed: 3,
        traffic: { phases: [{ burst: N }], drain: '60s' },
        client: { timeout: '60s' },
        service: { strategy: 'lifo-shed', capacity: C, workers: 1 },
        backend: { latency: { p50: `${SERVICE_MS}ms`, p99: `${SERVICE_MS}ms` } },
      }),
      { mode: 'sim', requests: true },
    );
    expectReconciled(r);
    const evicted = N - C - 1;
    expect(r.totals).toMatchObject({ scheduled: N, completed: C + 1, failed: evicted, shed: 0, rejected: 0, lost: 0 });
    expect(r.answers).toEqual({ '202': N });
    expect(Object.values(r.failures)).toEqual([evicted]);
    expect(Object.keys(r.failures)[0]).toMatch(/evicted: the oldest job in a full queue/);
    const rows = r.requests!;
    const completed = rows.id.map((_, i) => i).filter((i) => rows.outcome[i] === 'completed');
    expect(completed).toEqual([0, ...Array.from({ length: C }, (_, k) => N - C + k)]);
    // Newest first: the last arrival is served second, the oldest kept one last.
    expect(rows.latency_ms[N - 1]).toBe(2 * SERVICE_MS);
    expect(rows.latency_ms[N - C]).toBe((C + 1) * SERVICE_MS);
    // The service's own metrics agree: it reports the evictions as failures.
    expect(r.service_reported).toMatchObject({ accepted: N, failed: evicted, processed: C + 1 });
  });
});
