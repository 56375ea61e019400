/**
 * The mock's error answers, read by the real @anthropic-ai/sdk over real HTTP (the loopback mock
 * server) and through msw: they must parse as the SDK's own error classes, carry the Claude API's
 * headers, and drive the SDK's retry rules (retry-after honoured, x-should-retry: false obeyed).
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MSW_BASE_URL, MockClaude, sdkClient, startMockServer, startMswMock, type MockConfig, type RunningServer } from '../../src/backend/index.js';
import { RealClock } from '../../src/time/index.js';
import { callBackend } from '../helpers/callbacks.js';

const MODEL = 'claude-haiku-4-5';
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const BASE: MockConfig = { latency: { p50: 5, p99: 10 }, outputTokens: { p50: 20, p99: 30 }, errorRate: 0, model: MODEL };

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A mock on the wall clock behind the loopback HTTP server, and an SDK client pointed at it. */
async function mockBehindHttp(config: Partial<MockConfig>, faults: ConstructorParameters<typeof MockClaude>[1]['faults'] = [], maxRetries = 0) {
  const model = new MockClaude({ ...BASE, ...config }, { clock: new RealClock(), seed: 1, faults });
  const server = await startMockServer(model);
  servers.push(server);
  return { model, client: new Anthropic({ apiKey: 'test-key', baseURL: server.url, maxRetries }) };
}

const ask = (client: Anthropic) =>
  client.messages.create({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'gameday-request-id: gd-0a1b2c3d-1\nhello' }] });

async function caught(p: Promise<unknown>): Promise<InstanceType<typeof Anthropic.APIError>> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Anthropic.APIError);
  return err as InstanceType<typeof Anthropic.APIError>;
}

describe('the mock over HTTP, read by the real SDK', () => {
  it('answers an exceeded request limit with a RateLimitError carrying retry-after and the anthropic-ratelimit headers', async () => {
    const { client } = await mockBehindHttp({ rateLimits: { rpm: 60, burst: 1000 } });
    const ok = await client.messages.create({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(ok.response.headers.get('anthropic-ratelimit-requests-limit')).toBe('60');
    expect(ok.response.headers.get('anthropic-ratelimit-requests-remaining')).toBe('0');
    expect(ok.response.headers.get('request-id')).toMatch(/^req_/);

    const err = await caught(ask(client));
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    expect(err.status).toBe(429);
    expect(err.type).toBe('rate_limit_error');
    expect(err.requestID).toMatch(/^req_/);
    expect(err.error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' }, request_id: err.requestID });
    const h = err.headers!;
    expect(h.get('retry-after')).toBe('1');
    expect(h.get('x-should-retry')).toBe('true');
    expect(h.get('anthropic-ratelimit-requests-limit')).toBe('60');
    expect(h.get('anthropic-ratelimit-requests-remaining')).toBe('0');
    expect(h.get('anthropic-ratelimit-requests-reset')).toMatch(RFC3339);
  });

  it('reports input and output together in anthropic-ratelimit-tokens-*, next to the input and output ones', async () => {
    const { client } = await mockBehindHttp({ rateLimits: { itpm: 600_000, otpm: 60_000, burst: 1000 } });
    const ok = await client.messages.create({ model: MODEL, max_tokens: 500, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    const h = ok.response.headers;
    expect(h.get('anthropic-ratelimit-input-tokens-limit')).toBe('600000');
    expect(h.get('anthropic-ratelimit-output-tokens-limit')).toBe('60000');
    // As the API adds them: the combined limit, and what both buckets have left after this call's charge.
    expect(h.get('anthropic-ratelimit-tokens-limit')).toBe('660000');
    const left = Number(h.get('anthropic-ratelimit-input-tokens-remaining')) + Number(h.get('anthropic-ratelimit-output-tokens-remaining'));
    expect(Number(h.get('anthropic-ratelimit-tokens-remaining'))).toBe(left);
    expect(h.get('anthropic-ratelimit-tokens-reset')).toMatch(RFC3339);
  });

  it('answers an outage with an APIError of status 529 (overloaded_error), a request-id and no retry-after', async () => {
    const { client } = await mockBehindHttp({}, [{ kind: 'backend-outage', at: 0, duration: 3_600_000, status: 529 }]);
    const err = await caught(ask(client));
    expect(err.status).toBe(529);
    expect(err).toBeInstanceOf(Anthropic.OverloadedError);
    expect(err.type).toBe('overloaded_error');
    expect(err.headers!.get('request-id')).toMatch(/^req_/);
    expect(err.headers!.get('retry-after')).toBeNull();
  });

  it('answers 529 when more calls are in progress than the backend can hold', async () => {
    const { client, model } = await mockBehindHttp({ capacity: 1, latency: { p50: 300, p99: 300 } });
    const [first, second] = await Promise.allSettled([ask(client), new Promise((r) => setTimeout(r, 50)).then(() => ask(client))]);
    expect(first.status).toBe('fulfilled');
    const err = (second as PromiseRejectedResult).reason as InstanceType<typeof Anthropic.APIError>;
    expect(err.status).toBe(529);
    expect(err.type).toBe('overloaded_error');
    expect(model.inProgress.peak).toBe(1);
  });

  it('refuses past a spend limit with a 429 that has no retry-after, which the SDK does not retry', async () => {
    const { client, model } = await mockBehindHttp({ spendLimit: { usd: 1e-9, status: 429 } }, [], 2);
    await ask(client);
    const err = await caught(ask(client));
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    expect(err.headers!.get('retry-after')).toBeNull();
    expect(err.headers!.get('x-should-retry')).toBe('false');
    expect(err.message).toContain('You have reached your specified API usage limits');
    expect(model.stats.calls).toBe(2); // maxRetries 2, yet one attempt: x-should-retry: false
  });

  it('lets the SDK honour retry-after: with maxRetries 1 a rate-limited call succeeds on its retry', async () => {
    // A retry sooner than retry-after would meet an empty bucket again and fail the call.
    const { client, model } = await mockBehindHttp({ rateLimits: { rpm: 60, burst: 1000 } }, [], 1);
    await ask(client);
    await expect(ask(client)).resolves.toMatchObject({ type: 'message' });
    expect(model.stats.byStatus).toEqual({ 200: 2, 429: 1 });
  });

  it('streams SSE: messages.stream() assembles the message with its usage', async () => {
    const { client, model } = await mockBehindHttp({ stream: { ttft: { p50: 20, p99: 20 }, perToken: 1, errorRate: 0 } });
    const stream = client.messages.stream({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'gameday-request-id: gd-0a1b2c3d-7\nhi' }] });
    const kinds: string[] = [];
    stream.on('streamEvent', (e) => kinds.push(e.type));
    const msg = await stream.finalMessage();
    expect(msg.usage.output_tokens).toBe(model.stats.outputTokens);
    expect(msg.content[0]).toMatchObject({ type: 'text' });
    expect((msg.content[0] as { text: string }).text).toMatch(/^Mock answer for gd-0a1b2c3d-7\./);
    expect(kinds[0]).toBe('message_start');
    expect(kinds.at(-1)).toBe('message_stop');
    expect(kinds).toContain('content_block_delta');
    expect(model.stats.byStatus).toEqual({ 200: 1 });
  });

  it('streams SSE: an `event: error` after the 200 rejects with an APIError of type overloaded_error', async () => {
    const { client, model } = await mockBehindHttp({ stream: { ttft: { p50: 10, p99: 10 }, perToken: 1, errorRate: 1 } });
    const err = await caught(client.messages.stream({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] }).finalMessage());
    expect(err.status).toBeUndefined(); // the HTTP status was 200
    expect(err.type).toBe('overloaded_error');
    expect(model.stats.byStatus).toEqual({ sse_error: 1 });
  });

  it("maps the SDK's errors for the worker: status, retry-after and x-should-retry", async () => {
    const limited = await mockBehindHttp({ rateLimits: { rpm: 60, burst: 1000 } });
    const url = servers.at(-1)!.url;
    const worker = sdkClient({ baseURL: url, apiKey: 'k', model: MODEL, maxRetries: 0 });
    const req = { id: 'gd-0a1b2c3d-1', inputTokens: 10, maxTokens: 64 };
    expect(await callBackend(worker, req)).toMatchObject({ ok: true });
    expect(await callBackend(worker, req)).toMatchObject({ ok: false, status: 429, retryAfterMs: 1000, shouldRetry: true });
    expect(limited.model.stats.calls).toBe(2);

    await mockBehindHttp({ spendLimit: { usd: 1e-9, status: 429 } });
    const spent = sdkClient({ baseURL: servers.at(-1)!.url, apiKey: 'k', model: MODEL, maxRetries: 0 });
    await callBackend(spent, req);
    const refusal = await callBackend(spent, req);
    expect(refusal).toMatchObject({ ok: false, status: 429, shouldRetry: false });
    expect(refusal).not.toHaveProperty('retryAfterMs', expect.anything());

    await mockBehindHttp({ stream: { ttft: { p50: 5, p99: 5 }, perToken: 1, errorRate: 1 } });
    const streaming = sdkClient({ baseURL: servers.at(-1)!.url, apiKey: 'k', model: MODEL, maxRetries: 0, stream: true });
    expect(await callBackend(streaming, req)).toMatchObject({ ok: false, status: 529 });
  });
});

describe('the mock through msw, read by the real SDK', () => {
  const model = new MockClaude(
    { ...BASE, rateLimits: { rpm: 60, burst: 1000 }, stream: { ttft: { p50: 5, p99: 5 }, perToken: 1, errorRate: 0 } },
    { clock: new RealClock(), seed: 2 },
  );
  let msw: ReturnType<typeof startMswMock>;
  beforeAll(() => {
    msw = startMswMock(model);
  });
  afterAll(() => msw.close());

  it('answers a streamed call, then a RateLimitError with the same headers as the HTTP server', async () => {
    const client = new Anthropic({ apiKey: 'test-key', baseURL: MSW_BASE_URL, maxRetries: 0 });
    const msg = await client.messages.stream({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
    expect(msg.usage.output_tokens).toBeGreaterThan(0);
    const err = await caught(ask(client));
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    expect(err.headers!.get('retry-after')).toBe('1');
    expect(err.headers!.get('anthropic-ratelimit-requests-reset')).toMatch(RFC3339);
    expect(err.requestID).toMatch(/^req_/);
  });
});
