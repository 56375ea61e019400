import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockClaude, RealClock, runScenario, startMockServer, type RunningServer } from '../../src/index.js';
import { scenario } from '../helpers/scenario.js';

// The API here is an overloaded mock at ANTHROPIC_BASE_URL, behind gameday's front door: every
// retry the SDK makes by itself is a real HTTP request through the door, and the API counts what
// reached it.
const overloaded = new MockClaude(
  { latency: { p50: 5, p99: 10 }, outputTokens: { p50: 5, p99: 10 }, errorRate: 0, model: 'claude-haiku-5-5' },
  { clock: new RealClock(), seed: 1, faults: [{ kind: 'backend-outage', at: 0, duration: 3_600_000, status: 529 }] },
);

describe('the request cap counts every HTTP attempt', () => {
  let server: RunningServer;
  const saved = { key: process.env.ANTHROPIC_API_KEY, url: process.env.ANTHROPIC_BASE_URL };
  beforeAll(async () => {
    server = await startMockServer(overloaded);
    process.env.ANTHROPIC_API_KEY = 'test-key';
    process.env.ANTHROPIC_BASE_URL = server.url;
  });
  afterAll(async () => {
    for (const [k, v] of [
      ['ANTHROPIC_API_KEY', saved.key],
      ['ANTHROPIC_BASE_URL', saved.url],
    ] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await server.close();
  });

  it("counts the SDK's own retries against 529s: HTTP calls served never exceed the cap", async () => {
    const s = scenario({
      name: 'sdk-retries-capped',
      traffic: { phases: [{ duration: '1s', rate: 15 }], drain: '10s' },
      service: { strategy: 'reject-429', capacity: 50, workers: 2, retries: 0, sdkMaxRetries: 3 },
      backend: { kind: 'claude', maxRequests: 5 },
    });
    const r = await runScenario(s, { mode: 'live' });
    // The front door spends one call on the model check, then sends 4 Messages calls: each of the
    // SDK's retries went through it and counted. Past the cap, nothing more reached the API.
    expect(overloaded.stats.calls).toBe(4);
    expect(r.backend_calls.upstream).toEqual({ url: server.url, calls: 5 });
    expect(r.backend_calls.capped).toBeGreaterThan(0);
    expect(r.totals.completed).toBe(0);
    expect(r.totals.failed).toBe(15);
  });
});
