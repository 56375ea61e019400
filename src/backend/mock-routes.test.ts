import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../time/index.js';
import { MockClaude } from './mock-model.js';
import { routeMockRequest } from './mock-routes.js';

const CONFIG = { latency: { p50: 10, p99: 10 }, outputTokens: { p50: 10, p99: 10 }, errorRate: 0, model: 'claude-mock-1' };
const ID = 'gd-0a1b2c3d-9';

function setup() {
  const clock = new VirtualClock();
  const seen: string[] = [];
  const model = new MockClaude(CONFIG, { clock, seed: 1, observer: { onAnswer: (ids, status) => void seen.push(`${status} ${ids.join()}`) } });
  const call = (method: string, path: string, body?: unknown, header?: string) =>
    clock.run(routeMockRequest(model, { method, path, header: (n) => (n === 'x-gameday-request-id' ? header : undefined), body }));
  return { model, seen, call };
}

const messages = [{ role: 'user', content: `gameday-request-id: ${ID}\nhello` }];

describe('the mock route table', () => {
  it('answers POST /v1/messages as a Messages call and credits its id', async () => {
    const { model, seen, call } = setup();
    const a = await call('POST', '/v1/messages', { model: 'claude-mock-1', max_tokens: 16, messages });
    expect(a.status).toBe(200);
    expect(a.usage).toBeDefined();
    expect(seen).toEqual([`200 ${ID}`]);
    expect(model.stats).toMatchObject({ calls: 1, ok: 1 });
  });

  it('answers count_tokens with input_tokens (system, tools, messages), never a completion, counted on its own line', async () => {
    const { model, seen, call } = setup();
    const a = await call('POST', '/v1/messages/count_tokens', { model: 'claude-mock-1', system: 's'.repeat(40), tools: [], messages });
    expect(a.status).toBe(200);
    expect(a.body).toEqual({ input_tokens: expect.any(Number) });
    expect((a.body as { input_tokens: number }).input_tokens).toBeGreaterThanOrEqual(10 + Math.ceil(messages[0].content.length / 4));
    expect(a.usage).toBeUndefined();
    expect(seen).toEqual([]);
    expect(model.stats).toMatchObject({ calls: 0, ok: 0, countTokens: 1 });
  });

  it('lists the documented models and the one it answers as on GET /v1/models, newest first, in one page', async () => {
    const a = await setup().call('GET', '/v1/models');
    const body = a.body as { data: { id: string; type: string; created_at: string }[]; has_more: boolean; first_id: string; last_id: string };
    const ids = body.data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['claude-haiku-5-5', 'claude-haiku-4-5-20251001', 'claude-mock-1']));
    expect(ids).not.toContain('claude-haiku-4-5');
    expect(body).toMatchObject({ has_more: false, first_id: ids[0], last_id: ids.at(-1) });
    const dated = body.data.filter((m) => m.id !== 'claude-mock-1').map((m) => m.created_at);
    expect(dated).toEqual([...dated].sort().reverse());
    expect(body.data.every((m) => m.type === 'model')).toBe(true);
  });

  it('answers GET /v1/models/{id} with the model, an alias with the model it names, and 404 otherwise', async () => {
    const { call } = setup();
    expect((await call('GET', '/v1/models/claude-haiku-5-5')).body).toMatchObject({
      id: 'claude-haiku-5-5',
      display_name: 'Claude Haiku 5.5',
      max_tokens: 128_000,
    });
    expect((await call('GET', '/v1/models/claude-haiku-4-5')).body).toMatchObject({ id: 'claude-haiku-4-5-20251001' });
    expect((await call('GET', '/v1/models/claude-mock-1')).body).toMatchObject({ id: 'claude-mock-1', type: 'model' });
    const missing = await call('GET', '/v1/models/claude-sonnet-4-5-20250929');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { type: 'not_found_error', message: 'model: claude-sonnet-4-5-20250929' } });
  });

  it('answers anything else 404 not_found_error with a request-id, and counts it apart', async () => {
    const { model, seen, call } = setup();
    for (const [m, p] of [
      ['POST', '/v1/complete'],
      ['GET', '/v1/messages'],
      ['POST', '/v1/messages/batches/msgbatch_1/archive'],
    ]) {
      const a = await call(m, p, { model: 'claude-mock-1', max_tokens: 1, messages });
      expect(a.status).toBe(404);
      expect(a.body).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
      expect(a.headers['request-id']).toMatch(/^req_/);
    }
    expect(seen).toEqual([]);
    expect(model.stats).toMatchObject({ calls: 0, invalid: 3 });
  });

  it('refuses with 400 invalid_request_error what the real API would refuse, naming the field', async () => {
    const { model, seen, call } = setup();
    const cases: [unknown, RegExp][] = [
      [{ max_tokens: 1, messages }, /model/],
      [{ model: 'claude-mock-1', messages }, /max_tokens/],
      [{ model: 'claude-mock-1', max_tokens: 1 }, /messages/],
      [{ model: 'claude-mock-1', max_tokens: 1, messages: 'hi' }, /messages/],
      [undefined, /JSON object/],
    ];
    for (const [body, field] of cases) {
      const a = await call('POST', '/v1/messages', body, ID);
      expect(a.status).toBe(400);
      expect(a.body).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringMatching(field) } });
    }
    expect(seen).toEqual([]);
    expect(model.stats).toMatchObject({ calls: 0, invalid: 5 });
  });

  it('serves at most maxCalls Messages calls, then refuses at once with x-should-retry false, counted apart', async () => {
    const clock = new VirtualClock();
    const seen: string[] = [];
    const model = new MockClaude(
      { ...CONFIG, maxCalls: 2 },
      { clock, seed: 1, observer: { onAnswer: (ids, status) => void seen.push(`${status} ${ids.join()}`) } },
    );
    const call = () =>
      clock.run(
        routeMockRequest(model, { method: 'POST', path: '/v1/messages', header: () => undefined, body: { model: 'claude-mock-1', max_tokens: 16, messages } }),
      );
    const statuses = [];
    for (let k = 0; k < 4; k++) statuses.push((await call()).status);
    expect(statuses).toEqual([200, 200, 429, 429]);
    const refused = await call();
    expect(refused.headers['x-should-retry']).toBe('false');
    expect(refused.body).toMatchObject({ error: { type: 'rate_limit_error', message: expect.stringMatching(/request cap of 2/) } });
    expect(model.stats).toMatchObject({ calls: 2, ok: 2, capped: 3, byStatus: { 200: 2 } });
    expect(seen.filter((x) => x.startsWith('429'))).toHaveLength(3);
  });
});
