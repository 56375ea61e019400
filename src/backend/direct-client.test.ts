import { describe, expect, it } from 'vitest';
import { createRng, VirtualClock } from '../time/index.js';
import { directClient } from './direct-client.js';
import type { MockConfig } from './mock-config.js';
import { MockClaude } from './mock-model.js';
import { callBackend } from '../../test/helpers/callbacks.js';

const BASE: MockConfig = { latency: { p50: 100, p99: 100 }, outputTokens: { p50: 50, p99: 50 }, errorRate: 0, model: 'm' };
const REQ = { id: 'gd-1', inputTokens: 10, maxTokens: 256 };

function setup(config: Partial<MockConfig>, maxRetries: number, stream = false) {
  const clock = new VirtualClock();
  const model = new MockClaude({ ...BASE, ...config }, { clock, seed: 1 });
  return { clock, model, client: directClient(model, { model: 'm', maxRetries, stream, clock, rng: createRng(1) }) };
}

describe('directClient (the virtual-time path) replays the SDK', () => {
  it('retries a 429 after its retry-after, as the SDK would, and counts both calls at the backend', async () => {
    const { clock, model, client } = setup({ rateLimits: { rpm: 60, burst: 1000 } }, 2);
    const [first, second] = await clock.run(Promise.all([callBackend(client, REQ), callBackend(client, { ...REQ, id: 'gd-2' })]));
    expect(first).toMatchObject({ ok: true });
    expect(second).toMatchObject({ ok: true });
    expect(model.stats.byStatus).toEqual({ 200: 2, 429: 1 });
    expect(clock.now()).toBe(1105); // 5 ms to the 429, 1 s of retry-after, 100 ms to answer
  });

  it('reports the last failure with its hints when retries run out', async () => {
    const { clock, client } = setup({ rateLimits: { rpm: 60, burst: 1000 } }, 0);
    const [, second] = await clock.run(Promise.all([callBackend(client, REQ), callBackend(client, REQ)]));
    expect(second).toEqual({ ok: false, status: 429, message: 'mock answered 429', retryAfterMs: 1000, shouldRetry: true });
  });

  it('does not retry what the backend marks x-should-retry: false (a spend limit)', async () => {
    const { clock, model, client } = setup({ spendLimit: { usd: 1e-9, status: 429 } }, 2);
    await clock.run(callBackend(client, REQ));
    const refusal = await clock.run(callBackend(client, REQ));
    expect(refusal).toMatchObject({ ok: false, status: 429, shouldRetry: false, retryAfterMs: undefined });
    expect(model.stats.calls).toBe(2);
  });

  it('reads a stream to its end, and does not retry one that fails after its 200', async () => {
    const ok = setup({ stream: { ttft: { p50: 20, p99: 20 }, perToken: 1, errorRate: 0 } }, 2, true);
    expect(await ok.clock.run(callBackend(ok.client, REQ))).toEqual({ ok: true, inputTokens: 10, outputTokens: 50 });
    const bad = setup({ stream: { ttft: { p50: 20, p99: 20 }, perToken: 1, errorRate: 1 } }, 2, true);
    expect(await bad.clock.run(callBackend(bad.client, REQ))).toMatchObject({ ok: false, status: 529 });
    expect(bad.model.stats.calls).toBe(1);
  });
});
