import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../time/index.js';
import { MockClaude } from './mock-model.js';
import { routeMockRequest } from './mock-routes.js';
import { CACHE_PRICE_FACTOR, estimateCostUsd, pricesOf } from './pricing.js';
import { cacheRequestOf, minCacheTokens, PromptCache } from './prompt-cache.js';
import { estimateTokens } from './request-id.js';
import type { MessageUsage } from './types.js';

type MockConfig = ConstructorParameters<typeof MockClaude>[0];
const MODEL = 'claude-haiku-5-5';
const CONFIG: MockConfig = { latency: { p50: 10, p99: 10 }, outputTokens: { p50: 20, p99: 20 }, errorRate: 0, model: MODEL };
const MINUTE = 60_000;
/** About 1500 tokens at four characters a token: over the 1024-token minimum of most models. */
const LONG = 'The policy manual. '.repeat(316);

function setup(config: Partial<MockConfig> = {}) {
  const clock = new VirtualClock();
  const model = new MockClaude({ ...CONFIG, ...config }, { clock, seed: 3 });
  const send = async (body: Record<string, unknown>) => {
    const full = { model: MODEL, max_tokens: 100, ...body };
    const a = await clock.run(routeMockRequest(model, { method: 'POST', path: '/v1/messages', header: () => undefined, body: full }));
    return { answer: a, usage: (a.body as { usage: MessageUsage } | undefined)?.usage ?? a.usage!, total: estimateTokens(full) };
  };
  const wait = (ms: number) => clock.run(clock.sleep(ms));
  return { model, send, wait, clock };
}

const cachedSystem = (ttl?: '1h', text = LONG) => [{ type: 'text', text, cache_control: { type: 'ephemeral', ...(ttl && { ttl }) } }];
const ask = (q: string) => [{ role: 'user', content: `gameday-request-id: gd-0a1b2c3d-1\n${q}` }];

describe('prompt caching', () => {
  it('writes a marked prefix on the first call and reads it on the next within its lifetime; input_tokens is only what follows', async () => {
    const { send, wait, model } = setup();
    const first = await send({ system: cachedSystem(), messages: ask('first question') });
    const prefix = first.usage.cache_creation_input_tokens!;
    expect(prefix).toBeGreaterThanOrEqual(1024);
    expect(first.usage).toMatchObject({ cache_read_input_tokens: 0, cache_creation: { ephemeral_5m_input_tokens: prefix, ephemeral_1h_input_tokens: 0 } });
    // What follows the prefix: the question, and the breakpoint's own cache_control (not part of the prefix).
    expect(first.usage.input_tokens + prefix).toBe(first.total);
    expect(first.usage.input_tokens).toBeLessThan(30);
    await wait(4 * MINUTE);
    const second = await send({ system: cachedSystem(), messages: ask('another question, a little longer') });
    expect(second.usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: prefix, input_tokens: second.total - prefix });
    expect(model.stats.cacheTokens).toEqual({ write5m: prefix, write1h: 0, read: prefix });
    expect(model.stats.inputTokens).toBe(first.usage.input_tokens + second.usage.input_tokens);
  });

  it('misses after the lifetime since the last use (5 minutes; each read renews it), and keeps 1h entries for an hour', async () => {
    const { send, wait } = setup();
    const body = { system: cachedSystem(), messages: ask('q') };
    const prefix = (await send(body)).usage.cache_creation_input_tokens!;
    await wait(4 * MINUTE);
    expect((await send(body)).usage.cache_read_input_tokens).toBe(prefix);
    await wait(4 * MINUTE); // 8 minutes after the write, 4 after the read that renewed it
    expect((await send(body)).usage.cache_read_input_tokens).toBe(prefix);
    await wait(5 * MINUTE + 1);
    expect((await send(body)).usage).toMatchObject({ cache_read_input_tokens: 0, cache_creation_input_tokens: prefix });

    const hour = { system: cachedSystem('1h', `${LONG}.`), messages: ask('q') };
    const written = (await send(hour)).usage.cache_creation!;
    expect(written).toEqual({ ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: expect.any(Number) });
    expect(written.ephemeral_1h_input_tokens).toBeGreaterThan(1024);
    await wait(50 * MINUTE);
    expect((await send(hour)).usage.cache_read_input_tokens).toBe(written.ephemeral_1h_input_tokens);
    await wait(61 * MINUTE);
    expect((await send(hour)).usage.cache_read_input_tokens).toBe(0);
  });

  it('caches nothing below the model minimum: all input at the input price, both counts 0', async () => {
    const { send, model } = setup();
    const short = [{ type: 'text', text: 'A short system prompt.', cache_control: { type: 'ephemeral' } }];
    for (let i = 0; i < 2; i++) {
      const { usage, total } = await send({ system: short, messages: ask('q') });
      expect(usage).toMatchObject({ input_tokens: total, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
    }
    // About 1500 tokens is enough for most models, not for Haiku 4.5 (4096).
    expect(minCacheTokens('claude-haiku-4-5')).toBe(4096);
    for (let i = 0; i < 2; i++) {
      const { usage, total } = await send({ model: 'claude-haiku-4-5', system: cachedSystem(), messages: ask('q') });
      expect(usage).toMatchObject({ input_tokens: total, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
    }
    expect(model.stats.cacheTokens).toEqual({ write5m: 0, write1h: 0, read: 0 });
  });

  it('keys the cache by model and the exact prefix: another model, or a changed byte before the breakpoint, misses', async () => {
    const { send } = setup();
    const prefix = (await send({ system: cachedSystem(), messages: ask('q') })).usage.cache_creation_input_tokens!;
    expect((await send({ model: 'claude-sonnet-4-6', system: cachedSystem(), messages: ask('q') })).usage.cache_creation_input_tokens).toBe(prefix);
    const changed = [{ ...cachedSystem()[0], text: `${LONG}!` }];
    expect((await send({ system: changed, messages: ask('q') })).usage.cache_read_input_tokens).toBe(0);
  });

  it('reads the last turn cached by the call before in a growing conversation (the breakpoint moved on), and caches tools', async () => {
    const { send } = setup();
    const turn = (text: string, marked: boolean) => ({
      role: 'user',
      content: [{ type: 'text', text, ...(marked && { cache_control: { type: 'ephemeral' } }) }],
    });
    const first = await send({ messages: [turn(`gameday-request-id: gd-0a1b2c3d-1\n${LONG}`, true)] });
    const earlier = first.usage.cache_creation_input_tokens!;
    expect(earlier).toBeGreaterThan(1024);
    const history = [turn(`gameday-request-id: gd-0a1b2c3d-1\n${LONG}`, false), { role: 'assistant', content: 'An answer.' }, turn('And then?', true)];
    const second = await send({ messages: history });
    expect(second.usage.cache_read_input_tokens).toBe(earlier);
    expect(second.usage.cache_creation_input_tokens).toBeGreaterThan(0);
    expect(second.usage.input_tokens + earlier + second.usage.cache_creation_input_tokens!).toBe(second.total);

    const tools = [{ name: 'lookup', description: LONG, input_schema: { type: 'object', properties: {} }, cache_control: { type: 'ephemeral' } }];
    const t1 = await send({ tools, messages: ask('q1') });
    const t2 = await send({ tools, messages: ask('q2') });
    expect(t1.usage.cache_creation_input_tokens).toBeGreaterThan(1024);
    expect(t2.usage.cache_read_input_tokens).toBe(t1.usage.cache_creation_input_tokens);
  });

  it('caches the whole prompt under a top-level cache_control (automatic caching)', async () => {
    const { send } = setup();
    const body = { cache_control: { type: 'ephemeral' }, system: LONG, messages: ask('q') };
    const first = await send(body);
    expect(first.usage.cache_creation_input_tokens).toBe(first.total);
    expect(first.usage.input_tokens).toBe(0);
    expect((await send(body)).usage.cache_read_input_tokens).toBe(first.total);
  });

  it('reports cache usage in a streamed answer’s message_start and counts it when the stream ends', async () => {
    const { model, clock, send } = setup();
    const { answer } = await send({ system: cachedSystem(), messages: ask('q'), stream: true });
    const events: { event: string; data: { message?: { usage: MessageUsage } } }[] = [];
    await clock.run(
      (async () => {
        for await (const e of answer.stream!) events.push(e as (typeof events)[number]);
      })(),
    );
    const usage = events[0].data.message!.usage;
    expect(usage.cache_creation_input_tokens).toBeGreaterThan(1024);
    expect(model.stats.cacheTokens!.write5m).toBe(usage.cache_creation_input_tokens);
    expect(model.stats.inputTokens).toBe(usage.input_tokens);
  });

  it('answers a call that marks nothing exactly as before: zero cache counts, no cache_creation', async () => {
    const { send, model } = setup();
    const { usage, total } = await send({ system: LONG, messages: ask('q') });
    expect(usage).toEqual({ input_tokens: total, output_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
    expect(cacheRequestOf({ model: MODEL, system: LONG, messages: ask('q') })).toBeUndefined();
    expect(model.stats.cacheTokens).toBeUndefined();
  });

  it('prices cache writes at 1.25× (5 minutes) and 2× (1 hour) the input price, reads at 0.1×, and charges them to the spend limit', async () => {
    const [inPrice] = pricesOf(MODEL);
    const M = 1_000_000;
    expect(estimateCostUsd(MODEL, 0, 0, { write5m: M, write1h: 0, read: 0 })).toBeCloseTo(1.25 * inPrice, 9);
    expect(estimateCostUsd(MODEL, 0, 0, { write5m: 0, write1h: M, read: 0 })).toBeCloseTo(2 * inPrice, 9);
    expect(estimateCostUsd(MODEL, 0, 0, { write5m: 0, write1h: 0, read: M })).toBeCloseTo(0.1 * inPrice, 9);
    expect(estimateCostUsd(MODEL, 10, 20)).toBe(estimateCostUsd(MODEL, 10, 20, undefined));
    expect(CACHE_PRICE_FACTOR).toEqual({ write5m: 1.25, write1h: 2, read: 0.1 });

    // A spend limit just above one cached call's cost without the write premium: the premium takes it past.
    const { send } = setup();
    const probe = await send({ system: cachedSystem(), messages: ask('q') });
    const plain = estimateCostUsd(MODEL, probe.usage.input_tokens + probe.usage.cache_creation_input_tokens!, 20);
    const limited = setup({ spendLimit: { usd: plain * 1.01, status: 429 } });
    expect((await limited.send({ system: cachedSystem(), messages: ask('q') })).answer.status).toBe(200);
    expect((await limited.send({ system: cachedSystem(), messages: ask('q') })).answer.status).toBe(429);
  });
});

describe('PromptCache', () => {
  it('holds a bounded number of entries, letting the least recently used go', () => {
    const cache = new PromptCache(2);
    const point = (key: string) => ({ points: [{ key, tokens: 2000, ttlMs: MINUTE }] });
    for (const key of ['a', 'b', 'c']) cache.settle(point(key), 2100, 1024, 0);
    expect(cache.size).toBe(2);
    expect(cache.settle(point('a'), 2100, 1024, 1).cache_read_input_tokens).toBe(0);
    expect(cache.settle(point('c'), 2100, 1024, 1).cache_read_input_tokens).toBe(2000);
  });
});
