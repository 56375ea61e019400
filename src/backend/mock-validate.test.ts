import { describe, expect, it } from 'vitest';
import { EXTRA_MODEL, REFUSAL_CASES } from '../../test/helpers/messages-refusals.js';
import { VirtualClock } from '../time/index.js';
import { MockClaude } from './mock-model.js';
import { routeMockRequest } from './mock-routes.js';

const CONFIG = { latency: { p50: 10, p99: 10 }, outputTokens: { p50: 10, p99: 10 }, errorRate: 0, model: 'claude-haiku-5-5', models: [EXTRA_MODEL] };
const PATHS = { messages: '/v1/messages', count_tokens: '/v1/messages/count_tokens' };

function call(c: (typeof REFUSAL_CASES)[number]) {
  const clock = new VirtualClock();
  const model = new MockClaude(CONFIG, { clock, seed: 1 });
  const body = typeof c.body === 'string' ? JSON.parse(c.body) : c.body;
  const header = (n: string) => c.headers?.[n];
  return { model, answer: clock.run(routeMockRequest(model, { method: 'POST', path: PATHS[c.route], header, body })) };
}

describe('what the mock refuses before any work, as the API does', () => {
  it.each(REFUSAL_CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const { model, answer } = call(c);
    const a = await answer;
    expect(a.status).toBe(c.status);
    if (c.status === 200) return;
    const error = (a.body as { error: { type: string; message: string } }).error;
    expect(error.type).toBe(c.type);
    if (typeof c.message === 'string') expect(error.message).toBe(c.message);
    else expect(error.message).toMatch(c.message!);
    // A refusal reaches no model: counted apart, never a call.
    expect(model.stats).toMatchObject({ calls: 0, invalid: 1 });
  });
});
