import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/index.js';
import { scenario } from '../helpers/scenario.js';

describe('backend transport msw (in-process interception of the SDK)', () => {
  it('completes the same work as the loopback HTTP mock', async () => {
    const s = (transport: string) =>
      scenario({
        name: 'msw',
        seed: 2,
        traffic: { phases: [{ duration: '1s', rate: 10 }], drain: '5s' },
        service: { strategy: 'reject-429', capacity: 20, workers: 2 },
        backend: { transport, latency: { p50: '20ms', p99: '60ms' } },
      });
    const [viaMsw, viaHttp] = [await runScenario(s('msw'), { mode: 'live' }), await runScenario(s('http'), { mode: 'live' })];
    expect(viaMsw.totals).toMatchObject({ scheduled: 10, completed: 10, lost: 0 });
    expect(viaHttp.totals).toMatchObject({ scheduled: 10, completed: 10, lost: 0 });
    expect(viaMsw.backend_calls.total).toBe(10);
    expect(viaMsw.tokens.input).toBe(viaHttp.tokens.input); // same seeded prompts, same token estimate
  });
});
