import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/index.js';
import { expectReconciled } from '../helpers/invariant.js';
import { scenario } from '../helpers/scenario.js';
import { expectMatchesTruth, freePort, startService, type RunningService } from './harness.js';

describe('fastify + @fastify/under-pressure, counted from outside', () => {
  let svc: RunningService | undefined;
  afterEach(async () => {
    await svc?.stop();
    svc = undefined;
  });

  it('503 + Retry-After under pressure: shed = what the service refused, nothing lost', async () => {
    const mockPort = await freePort();
    svc = await startService('fastify-pressure', { ANTHROPIC_BASE_URL: `http://127.0.0.1:${mockPort}`, CAPACITY: 5, WORKERS: 1 });
    const r = await runScenario(
      scenario({
        name: 'fastify-pressure',
        traffic: { phases: [{ duration: '2s', rate: 60 }], drain: '8s' },
        client: { timeout: '10s', retry: { policy: 'none' } },
        service: { url: svc.url, quietPeriod: '500ms' },
        backend: { port: mockPort, latency: { p50: '40ms', p99: '80ms' } },
      }),
      { mode: 'live' },
    );
    expectReconciled(r);
    const truth = expectMatchesTruth(r, await svc.truth());
    expect(truth.shed).toBeGreaterThan(0);
    expect(r.totals.lost).toBe(0);
    expect(r.answers['503 retry-after']).toBe(truth.shed);
  });
});
