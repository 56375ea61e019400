import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockClaude, RealClock, mockClaudeHandlers, probeCapacity, runScenario } from '../../src/index.js';
import { setupServer } from 'msw/node';
import { scenario } from '../helpers/scenario.js';

// There is no network here: the real-API adapter is exercised against msw, which intercepts the
// SDK's fetch to api.anthropic.com in this process. The code path is the one a real run takes.
const FAKE_KEY = 'test-key-never-printed-7f3a9c';
const model = new MockClaude(
  { latency: { p50: 20, p99: 40 }, outputTokens: { p50: 50, p99: 80 }, errorRate: 0, model: 'claude-haiku-5-5' },
  { clock: new RealClock(), seed: 1 },
);
const msw = setupServer(...mockClaudeHandlers(model, 'https://api.anthropic.com'));

const claude = (maxRequests?: number) =>
  scenario({
    name: 'claude-adapter',
    traffic: { phases: [{ duration: '1s', rate: 15 }], drain: '5s' },
    service: { strategy: 'reject-429', capacity: 50, workers: 2, retries: 0 },
    backend: { kind: 'claude', ...(maxRequests ? { maxRequests } : {}) },
  });

describe('backend kind claude (through @anthropic-ai/sdk, intercepted by msw)', () => {
  let savedKey: string | undefined;
  beforeAll(() => {
    savedKey = process.env.ANTHROPIC_API_KEY;
    process.env.ANTHROPIC_API_KEY = FAKE_KEY;
    msw.listen({ onUnhandledRequest: 'bypass' });
  });
  afterAll(() => {
    msw.close();
    if (savedKey === undefined) delete process.env.ANTHROPIC_API_KEY;
    else process.env.ANTHROPIC_API_KEY = savedKey;
  });

  it('records completions from the SDK, stops at the request cap, and never writes the key', async () => {
    const r = await runScenario(claude(10), { mode: 'live' });
    expect(r.backend).toBe('claude');
    expect(r.totals.scheduled).toBe(15);
    expect(r.totals.completed).toBe(10);
    expect(r.totals.failed).toBe(5);
    expect(r.failures).toEqual({ 'backend unreachable: request cap of 10 reached': 5 });
    expect(r.backend_calls.total).toBe(10);
    expect(model.stats.calls).toBe(10); // nothing past the cap was sent
    expect(r.tokens.output).toBeGreaterThan(0);
    expect(JSON.stringify(r)).not.toContain(FAKE_KEY);
  });

  it('shares one budget between runs (a comparison), so the cap holds for all of them together', async () => {
    const before = model.stats.calls;
    const requestBudget = { cap: 12, used: 0 };
    const first = await runScenario(claude(12), { mode: 'live', requestBudget });
    const second = await runScenario(claude(12), { mode: 'live', requestBudget });
    expect(model.stats.calls - before).toBe(12);
    expect(first.backend_calls.total + second.backend_calls.total).toBe(12);
    expect(first.totals.completed + second.totals.completed).toBe(12);
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
