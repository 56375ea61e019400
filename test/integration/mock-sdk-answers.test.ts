/**
 * Every kind of answer the mock gives, read by the real @anthropic-ai/sdk over real HTTP: the
 * error class the SDK raises for each (it picks them by status, then by `error.details.error_code`),
 * the headers the API documents on every answer, the request id it reads, token counts against
 * an independent count of the characters sent, and the streamed event sequence on the wire.
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { MOCK_API_KEY, MockClaude, startMockServer, type MockConfig, type RunningServer } from '../../src/backend/index.js';
import { RealClock } from '../../src/time/index.js';

const MODEL = 'claude-haiku-4-5';
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const BASE: MockConfig = { latency: { p50: 5, p99: 10 }, outputTokens: { p50: 40, p99: 60 }, errorRate: 0, model: MODEL };
const FAMILIES = ['requests', 'tokens', 'input-tokens', 'output-tokens'];

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function mock(config: Partial<MockConfig> = {}, apiKey = MOCK_API_KEY) {
  const model = new MockClaude({ ...BASE, ...config }, { clock: new RealClock(), seed: 3 });
  const server = await startMockServer(model);
  servers.push(server);
  return { model, url: server.url, client: new Anthropic({ apiKey, baseURL: server.url, maxRetries: 0 }) };
}

type ApiError = InstanceType<typeof Anthropic.APIError>;

async function refusal(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Anthropic.APIError);
  return err as ApiError;
}

/** What the API puts on every answer: all four rate-limit families, RFC 3339 resets, and a request id. */
function expectEveryAnswerHeaders(h: Headers) {
  for (const f of FAMILIES) {
    expect(Number(h.get(`anthropic-ratelimit-${f}-limit`)), f).toBeGreaterThan(0);
    expect(h.get(`anthropic-ratelimit-${f}-remaining`), f).toMatch(/^\d+$/);
    expect(h.get(`anthropic-ratelimit-${f}-reset`), f).toMatch(RFC3339);
  }
  expect(h.get('request-id')).toMatch(/^req_/);
}

/** The body's request_id is the header's, and the SDK reads it as requestID. */
function expectRequestId(err: ApiError) {
  expect(err.requestID).toMatch(/^req_/);
  expect((err.error as { request_id?: string }).request_id).toBe(err.requestID);
}

const hello = [{ role: 'user' as const, content: 'gameday-request-id: gd-0a1b2c3d-1\nhello there' }];

describe('the mock, as the real SDK reads it', () => {
  it('counts system, tools and messages in input tokens, the same in count_tokens and in usage', async () => {
    const { client } = await mock();
    const system = 'You are a terse assistant. '.repeat(8);
    const tools = [{ name: 'lookup', description: 'Looks a word up', input_schema: { type: 'object' as const, properties: { word: { type: 'string' } } } }];
    // Independent count: about four characters a token over every text the call sends.
    const chars = system.length + JSON.stringify(tools).length + hello[0].content.length;
    const counted = await client.messages.countTokens({ model: MODEL, system, tools, messages: hello }).withResponse();
    expect(counted.data).toEqual({ input_tokens: Math.ceil(chars / 4) });
    expectEveryAnswerHeaders(counted.response.headers);
    const bare = await client.messages.countTokens({ model: MODEL, messages: hello });
    expect(bare.input_tokens).toBe(Math.ceil(hello[0].content.length / 4));

    const msg = await client.messages.create({ model: MODEL, max_tokens: 500, system, tools, messages: hello });
    expect(msg.usage.input_tokens).toBe(counted.data.input_tokens);
    expect(msg.stop_reason).toBe('end_turn');
  });

  it('answers stop_reason max_tokens, with exactly max_tokens out, when the answer is cut', async () => {
    const { client } = await mock({ outputTokens: { p50: 200, p99: 300 } });
    const cut = await client.messages.create({ model: MODEL, max_tokens: 7, messages: hello });
    expect(cut.stop_reason).toBe('max_tokens');
    expect(cut.usage.output_tokens).toBe(7);
  });

  it('400 invalid_request_error as BadRequestError, naming the field, with every header', async () => {
    const { client } = await mock();
    const err = await refusal(client.messages.create({ model: MODEL, max_tokens: 0, messages: hello }));
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect(err.status).toBe(400);
    expect(err.type).toBe('invalid_request_error');
    expect(err.message).toMatch(/max_tokens/);
    expectRequestId(err);
    expectEveryAnswerHeaders(err.headers!);
  });

  it('401 authentication_error as AuthenticationError under auth: required, for a wrong key and for none', async () => {
    const { client, url, model } = await mock({ auth: 'required' }, 'a-wrong-key');
    const err = await refusal(client.messages.create({ model: MODEL, max_tokens: 16, messages: hello }));
    expect(err).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(err.type).toBe('authentication_error');
    expect(err.message).toMatch(/invalid x-api-key/);
    expectRequestId(err);
    expectEveryAnswerHeaders(err.headers!);
    const keyless = await fetch(`${url}/v1/messages`, { method: 'POST', body: JSON.stringify({ model: MODEL, max_tokens: 16, messages: hello }) });
    expect(keyless.status).toBe(401);
    expect(await keyless.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: 'x-api-key header is required' } });
    // The right key is served, as the SDK sends it (Authorization: Bearer) or as x-api-key; refusals never reach the model.
    const right = new Anthropic({ apiKey: MOCK_API_KEY, baseURL: url, maxRetries: 0 });
    await expect(right.messages.create({ model: MODEL, max_tokens: 16, messages: hello })).resolves.toMatchObject({ type: 'message' });
    const headers = { 'content-type': 'application/json', 'x-api-key': MOCK_API_KEY };
    const viaHeader = await fetch(`${url}/v1/messages`, { method: 'POST', headers, body: JSON.stringify({ model: MODEL, max_tokens: 16, messages: hello }) });
    expect(viaHeader.status).toBe(200);
    expect(model.stats).toMatchObject({ calls: 2, ok: 2, invalid: 2 });
  });

  it('404 not_found_error as NotFoundError for an unknown model and an unknown path', async () => {
    const { client } = await mock();
    const model = await refusal(client.messages.create({ model: 'gpt-4o', max_tokens: 16, messages: hello }));
    expect(model).toBeInstanceOf(Anthropic.NotFoundError);
    expect(model.type).toBe('not_found_error');
    expect(model.message).toMatch(/model: gpt-4o/);
    expectRequestId(model);
    expectEveryAnswerHeaders(model.headers!);
    const path = await refusal(client.get('/v1/no-such-thing'));
    expect(path).toBeInstanceOf(Anthropic.NotFoundError);
    expectRequestId(path);
  });

  it('429 rate_limit_error as RateLimitError, with retry-after and every rate-limit header', async () => {
    const { client } = await mock({ rateLimits: { rpm: 60, itpm: 600_000, otpm: 60_000, burst: 1000 } });
    await client.messages.create({ model: MODEL, max_tokens: 100, messages: hello });
    const err = await refusal(client.messages.create({ model: MODEL, max_tokens: 100, messages: hello }));
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    expect(err.type).toBe('rate_limit_error');
    expectRequestId(err);
    const h = err.headers!;
    expectEveryAnswerHeaders(h);
    expect(h.get('retry-after')).toBe('1');
    expect(h.get('anthropic-ratelimit-requests-limit')).toBe('60');
    expect(h.get('anthropic-ratelimit-requests-remaining')).toBe('0');
    expect(h.get('anthropic-ratelimit-tokens-limit')).toBe('660000');
  });

  it('529 overloaded_error as OverloadedError (an InternalServerError), which charges no rate limit', async () => {
    // 2 requests at once, one back every 10 s: a charged 529 would leave nothing for the third call.
    const { client, model } = await mock({ capacity: 1, latency: { p50: 400, p99: 400 }, rateLimits: { rpm: 6, burst: 20_000 } });
    const first = client.messages.create({ model: MODEL, max_tokens: 16, messages: hello });
    while (model.inProgress.now === 0) await new Promise((r) => setTimeout(r, 5));
    const err = await refusal(client.messages.create({ model: MODEL, max_tokens: 16, messages: hello }));
    expect(err).toBeInstanceOf(Anthropic.InternalServerError);
    expect(err).toBeInstanceOf(Anthropic.OverloadedError);
    expect(err.status).toBe(529);
    expect(err.type).toBe('overloaded_error');
    expect(err.headers!.get('retry-after')).toBeNull();
    expect(err.headers!.get('anthropic-ratelimit-requests-remaining')).toBe('1');
    expectRequestId(err);
    await first;
    await expect(client.messages.create({ model: MODEL, max_tokens: 16, messages: hello })).resolves.toMatchObject({ type: 'message' });
    expect(model.stats.byStatus).toEqual({ 200: 2, 529: 1 });
  });

  it("the spend limit's 429 carries error_code enforced_spend_limit_reached (EnforcedSpendLimitReachedError); its 400 has none", async () => {
    const tier = await mock({ spendLimit: { usd: 1e-9, status: 429 } });
    await tier.client.messages.create({ model: MODEL, max_tokens: 16, messages: hello });
    const capped = await refusal(tier.client.messages.create({ model: MODEL, max_tokens: 16, messages: hello }));
    expect(capped).toBeInstanceOf(Anthropic.EnforcedSpendLimitReachedError);
    expect(capped).toBeInstanceOf(Anthropic.RateLimitError);
    expect(capped.errorCode).toBe('enforced_spend_limit_reached');
    expect(capped.headers!.get('retry-after')).toBeNull();
    expect(capped.headers!.get('x-should-retry')).toBe('false');

    const own = await mock({ spendLimit: { usd: 1e-9, status: 400 } });
    await own.client.messages.create({ model: MODEL, max_tokens: 16, messages: hello });
    const set = await refusal(own.client.messages.create({ model: MODEL, max_tokens: 16, messages: hello }));
    expect(set).toBeInstanceOf(Anthropic.BadRequestError);
    expect(set.errorCode).toBeNull();
    expect(set.message).toMatch(/You have reached your specified API usage limits/);
  });

  it('puts a request-id and the rate-limit headers on the model list too', async () => {
    const { client } = await mock();
    const { data, response } = await client.models.list().withResponse();
    // The configured id is an alias: the list names the model it stands for.
    expect(data.data.map((m) => m.id)).toContain('claude-haiku-4-5-20251001');
    expectEveryAnswerHeaders(response.headers);
  });
});

describe('streaming, on the wire and through messages.stream', () => {
  const STREAM = { ttft: { p50: 10, p99: 10 }, perToken: 1, errorRate: 0 };

  it('sends the documented event sequence, with usage and stop_reason in message_delta', async () => {
    const { url } = await mock({ stream: STREAM, outputTokens: { p50: 20, p99: 20 } });
    const res = await fetch(`${url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': MOCK_API_KEY },
      body: JSON.stringify({ model: MODEL, max_tokens: 500, stream: true, messages: hello }),
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expectEveryAnswerHeaders(res.headers);
    const events = (await res.text())
      .trim()
      .split('\n\n')
      .map((chunk) => {
        const [event, data] = chunk.split('\n');
        return { event: event.slice('event: '.length), data: JSON.parse(data.slice('data: '.length)) as Record<string, unknown> };
      });
    const names = events.map((e) => e.event);
    expect(names.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'ping']);
    expect(names.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    expect(new Set(names.slice(3, -3))).toEqual(new Set(['content_block_delta']));
    for (const e of events) expect(e.data.type).toBe(e.event);
    expect(events.at(-2)!.data).toMatchObject({ delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 20 } });
  });

  it('messages.stream: events in order, finalMessage with usage, and max_tokens when cut', async () => {
    const { client, model } = await mock({ stream: STREAM, outputTokens: { p50: 50, p99: 50 } });
    const stream = client.messages.stream({ model: MODEL, max_tokens: 12, system: 'Be brief.', messages: hello });
    const kinds: string[] = [];
    stream.on('streamEvent', (e) => kinds.push(e.type));
    const msg = await stream.finalMessage();
    expect(kinds[0]).toBe('message_start');
    expect(kinds.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    expect(msg.stop_reason).toBe('max_tokens');
    expect(msg.usage).toMatchObject({ input_tokens: Math.ceil(('Be brief.'.length + hello[0].content.length) / 4), output_tokens: 12 });
    expect(model.stats).toMatchObject({ ok: 1, outputTokens: 12 });
  });

  it('an error event mid-stream rejects finalMessage with an APIError of the error type, after a 200', async () => {
    const { client } = await mock({ stream: { ...STREAM, errorRate: 1 } });
    const stream = client.messages.stream({ model: MODEL, max_tokens: 64, messages: hello });
    const err = await refusal(stream.finalMessage());
    expect(err.status).toBeUndefined();
    expect(err.type).toBe('overloaded_error');
  });
});
