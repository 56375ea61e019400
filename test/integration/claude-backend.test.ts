import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockClaude, RealClock, probeCapacity, runScenario, startMockServer, type RunningServer } from '../../src/index.js';
import { scenario } from '../helpers/scenario.js';

// The API here is gameday's mock on loopback, standing in for api.anthropic.com behind the front
// door (backend.upstream): its own tally is what "the API" received.
const FAKE_KEY = 'test-key-never-printed-7f3a9c';
const api = new MockClaude(
  { latency: { p50: 20, p99: 40 }, outputTokens: { p50: 50, p99: 80 }, errorRate: 0, model: 'claude-haiku-5-5' },
  { clock: new RealClock(), seed: 1 },
);

describe('backend kind claude (the real API behind the front door)', () => {
  let server: RunningServer;
  let savedKey: string | undefined;
  const claude = (maxRequests?: number) =>
    scenario({
      name: 'claude-door',
      traffic: { phases: [{ duration: '1s', rate: 15 }], drain: '5s' },
      service: { strategy: 'reject-429', capacity: 50, workers: 2, retries: 0 },
      backend: { kind: 'claude', upstream: server.url, ...(maxRequests ? { maxRequests } : {}) },
    });
  beforeAll(async () => {
    server = await startMockServer(api);
    savedKey = process.env.ANTHROPIC_API_KEY;
    process.env.ANTHROPIC_API_KEY = FAKE_KEY;
  });
  afterAll(async () => {
    await server.close();
    if (savedKey === undefined) delete process.env.ANTHROPIC_API_KEY;
    else process.env.ANTHROPIC_API_KEY = savedKey;
  });

  it('records completions from the API’s answers, stops at the request cap, and never writes the key', async () => {
    const before = api.stats.calls;
    const workDir = mkdtempSync(join(tmpdir(), 'gameday-claude-'));
    const r = await runScenario(claude(10), { mode: 'live', workDir });
    expect(r.backend).toBe('claude');
    expect(r.totals.scheduled).toBe(15);
    // One call checked the model; 9 Messages calls reached the API and each completed a request.
    expect(api.stats.calls - before).toBe(9);
    expect(r.backend_calls.upstream).toEqual({ url: server.url, calls: 10 });
    expect(r.totals.completed).toBe(9);
    expect(r.totals.failed).toBe(6);
    expect(r.backend_calls.capped).toBe(6);
    expect(r.tokens.output).toBeGreaterThan(0);
    expect(JSON.stringify(r)).not.toContain(FAKE_KEY);
    for (const f of readdirSync(workDir, { recursive: true, encoding: 'utf8' })) expect(readFileSync(join(workDir, f), 'latin1')).not.toContain(FAKE_KEY);
  });

  it('shares one budget between runs (a comparison), so the cap holds for all of them together', async () => {
    const before = api.stats.calls;
    const requestBudget = { cap: 20, used: 0 };
    const first = await runScenario(claude(20), { mode: 'live', requestBudget });
    const second = await runScenario(claude(20), { mode: 'live', requestBudget });
    const third = await runScenario(claude(20), { mode: 'live', requestBudget });
    // The first run spent 16 (the model check and 15 calls), the second the 4 left (its check and
    // 3 calls), the third none: it ran with every call capped, and checked nothing.
    expect([first, second, third].map((r) => r.backend_calls.upstream!.calls)).toEqual([16, 4, 0]);
    expect(requestBudget.used).toBe(20);
    expect(api.stats.calls - before).toBe(18);
    expect([first, second, third].map((r) => r.totals.completed)).toEqual([15, 3, 0]);
    expect(third.backend_calls.capped).toBe(15);
  });

  it('refuses to start without a request cap, and so does probe', async () => {
    await expect(runScenario(claude(), { mode: 'live' })).rejects.toThrow(/needs a request cap: set backend.maxRequests or --max-requests/);
    await expect(probeCapacity(claude(), { durationS: 1 })).rejects.toThrow(/needs a request cap: set backend.maxRequests or --max-requests/);
  });

  it('refuses to start without a key, and says where the key comes from', async () => {
    delete process.env.ANTHROPIC_API_KEY;
    try {
      await expect(runScenario(claude(5), { mode: 'live' })).rejects.toThrow(/ANTHROPIC_API_KEY is not set/);
    } finally {
      process.env.ANTHROPIC_API_KEY = FAKE_KEY;
    }
  });
});
