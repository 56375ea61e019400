/**
 * The mock's refusals and its Models API, read by the official @anthropic-ai/sdk over the mock's
 * HTTP server: every row of the refusal table raises the SDK's documented error class for its
 * status (BadRequestError for 400, NotFoundError for 404) with the API's error type and words,
 * and every served row answers; `models.list()` and `models.retrieve()` parse as the SDK expects.
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockClaude, startMockServer, type MockConfig, type RunningServer } from '../../src/backend/index.js';
import { RealClock } from '../../src/time/index.js';
import { EXTRA_MODEL, REFUSAL_CASES } from '../helpers/messages-refusals.js';

const CONFIG: MockConfig = { latency: { p50: 2, p99: 5 }, outputTokens: { p50: 5, p99: 8 }, errorRate: 0, model: 'claude-haiku-5-5', models: [EXTRA_MODEL] };
const PATHS = { messages: '/v1/messages', count_tokens: '/v1/messages/count_tokens' };
const CLASSES = { 400: Anthropic.BadRequestError, 404: Anthropic.NotFoundError };

let server: RunningServer;
let client: Anthropic;
beforeAll(async () => {
  server = await startMockServer(new MockClaude(CONFIG, { clock: new RealClock(), seed: 5 }));
  client = new Anthropic({ apiKey: 'test-key', baseURL: server.url, maxRetries: 0 });
});
afterAll(() => server.close());

describe('the refusal table, through the official SDK', () => {
  it.each(REFUSAL_CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    // The SDK's generic request: a body its typed methods would not let through is sent as written.
    const sent = client.post(PATHS[c.route], { body: c.body, headers: c.headers });
    if (c.status === 200) {
      const answer = (await sent) as { type?: string; input_tokens?: number };
      if (c.route === 'messages') expect(answer.type).toBe('message');
      else expect(answer.input_tokens).toBeGreaterThan(0);
      return;
    }
    const err = await sent.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CLASSES[c.status]);
    const apiError = err as InstanceType<typeof Anthropic.APIError>;
    expect(apiError.status).toBe(c.status);
    expect(apiError.type).toBe(c.type);
    const message = (apiError.error as { error: { message: string } }).error.message;
    if (typeof c.message === 'string') expect(message).toBe(c.message);
    else expect(message).toMatch(c.message!);
    expect(apiError.requestID).toMatch(/^req_/);
  });

  it('serves a call the typed method sends, and refuses an unknown model with NotFoundError', async () => {
    const hello = [{ role: 'user' as const, content: 'gameday-request-id: gd-0a1b2c3d-2\nhello' }];
    await expect(client.messages.create({ model: 'claude-haiku-5-5', max_tokens: 16, messages: hello })).resolves.toMatchObject({ type: 'message' });
    await expect(client.messages.countTokens({ model: 'claude-opus-5-5', messages: hello })).resolves.toMatchObject({ input_tokens: expect.any(Number) });
    await expect(client.messages.create({ model: 'claude-nope', max_tokens: 16, messages: hello })).rejects.toBeInstanceOf(Anthropic.NotFoundError);
  });
});

describe('the Models API, through the official SDK', () => {
  it('lists the documented models and the scenario’s own ids, newest first', async () => {
    const ids: string[] = [];
    for await (const m of client.models.list()) ids.push(m.id);
    expect(ids).toEqual(
      expect.arrayContaining(['claude-fable-5-2', 'claude-opus-5-5', 'claude-sonnet-5-5', 'claude-haiku-5-5', 'claude-haiku-4-5-20251001', EXTRA_MODEL]),
    );
    expect(ids[0]).toBe('claude-fable-5-2');
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('retrieves one model, resolves an alias, and raises NotFoundError for an id it does not serve', async () => {
    await expect(client.models.retrieve('claude-haiku-5-5')).resolves.toMatchObject({
      type: 'model',
      id: 'claude-haiku-5-5',
      display_name: 'Claude Haiku 5.5',
      created_at: '2026-10-07T00:00:00Z',
      max_tokens: 128_000,
      max_input_tokens: 1_000_000,
    });
    await expect(client.models.retrieve('claude-haiku-4-5')).resolves.toMatchObject({ id: 'claude-haiku-4-5-20251001' });
    await expect(client.models.retrieve(EXTRA_MODEL)).resolves.toMatchObject({ id: EXTRA_MODEL });
    const err = await client.models.retrieve('claude-sonnet-4-5-20250929').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Anthropic.NotFoundError);
    expect((err as InstanceType<typeof Anthropic.APIError>).type).toBe('not_found_error');
  });
});

describe('Message Batches, through the official SDK', () => {
  it('ends a request naming a model the mock does not serve errored with not_found_error, as the API validates params once processing', async () => {
    const batched = await startMockServer(
      new MockClaude({ ...CONFIG, batches: { processing: { p50: 20, p99: 30 }, expireAfter: 60_000 } }, { clock: new RealClock(), seed: 6 }),
    );
    try {
      const claude = new Anthropic({ apiKey: 'test-key', baseURL: batched.url, maxRetries: 0 });
      const params = (model: string) => ({ model, max_tokens: 16, messages: [{ role: 'user' as const, content: 'hello' }] });
      const batch = await claude.messages.batches.create({
        requests: [
          { custom_id: 'good', params: params('claude-haiku-5-5') },
          { custom_id: 'bad', params: params('gpt-4o') },
        ],
      });
      while ((await claude.messages.batches.retrieve(batch.id)).processing_status !== 'ended') await new Promise((r) => setTimeout(r, 10));
      const results: Record<string, unknown> = {};
      for await (const r of await claude.messages.batches.results(batch.id)) results[r.custom_id] = r.result;
      expect(results.good).toMatchObject({ type: 'succeeded' });
      expect(results.bad).toEqual({ type: 'errored', error: { type: 'error', error: { type: 'not_found_error', message: 'model: gpt-4o' } } });
    } finally {
      await batched.close();
    }
  });
});
