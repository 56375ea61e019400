import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../time/index.js';
import type { MockConfig } from './mock-config.js';
import { MockClaude } from './mock-model.js';
import type { MockCall } from './types.js';

const BASE: MockConfig = { latency: { p50: 100, p99: 100 }, outputTokens: { p50: 50, p99: 50 }, errorRate: 0, model: 'claude-haiku-4-5' };
const CALL: MockCall = { requestIds: ['gd-1'], model: 'claude-haiku-4-5', maxTokens: 256, inputTokens: 100 };

/** Runs `body` against a mock on a virtual clock that starts at 2026-01-01T00:00:00Z. */
async function withMock<T>(
  config: Partial<MockConfig>,
  body: (m: MockClaude, clock: VirtualClock) => Promise<T>,
  faults: ConstructorParameters<typeof MockClaude>[1]['faults'] = [],
): Promise<T> {
  const clock = new VirtualClock();
  const m = new MockClaude({ ...BASE, ...config }, { clock, seed: 1, faults, epochMs: Date.UTC(2026, 0, 1) });
  return clock.run(body(m, clock));
}

describe('MockClaude limits', () => {
  it('builds a success lazily, yet it reads, spreads into JSON and numbers its request-id as any answer does', async () => {
    const [first, second] = await withMock({}, async (m) => [await m.answer(CALL), await m.answer(CALL)]);
    expect(second.headers['request-id']).toBe('req_00000002');
    expect(second.body).toMatchObject({ id: 'msg_mock_00000002', type: 'message', usage: { input_tokens: 100, output_tokens: 50 } });
    // Serialised, it is what it says it is, with no state of the mock's in it.
    const json = JSON.parse(JSON.stringify(first)) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(['body', 'headers', 'status', 'usage']);
    expect(json.headers).toMatchObject({ 'request-id': 'req_00000001', 'anthropic-ratelimit-requests-limit': expect.any(String) });
  });

  it('answers a rate-limited call 429 rate_limit_error with retry-after, the ratelimit headers and a request-id', async () => {
    const second = await withMock({ rateLimits: { rpm: 60, burst: 1000 } }, async (m) => {
      await m.answer(CALL);
      return m.answer(CALL);
    });
    expect(second.status).toBe(429);
    expect(second.body).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' }, request_id: second.headers['request-id'] });
    expect(second.headers).toMatchObject({
      'retry-after': '1',
      'x-should-retry': 'true',
      'anthropic-ratelimit-requests-limit': '60',
      'anthropic-ratelimit-requests-remaining': '0',
      'anthropic-ratelimit-requests-reset': '2026-01-01T00:00:01Z',
    });
    expect(second.headers['request-id']).toMatch(/^req_/);
  });

  it('puts the ratelimit headers on successful answers too', async () => {
    // One at once, one a second: taken at 0 ms, a tenth back by the answer at 100 ms.
    const a = await withMock({ rateLimits: { rpm: 60, burst: 1000 } }, (m) => m.answer(CALL));
    expect(a.status).toBe(200);
    expect(a.headers['anthropic-ratelimit-requests-remaining']).toBe('0');
    expect(a.headers['anthropic-ratelimit-requests-reset']).toBe('2026-01-01T00:00:01Z');
  });

  it('stamps resets from the clock origin as it is when the answer goes out (a rebased clock moves it)', async () => {
    const clock = new VirtualClock();
    let origin = Date.UTC(2026, 0, 1);
    const m = new MockClaude({ ...BASE, rateLimits: { rpm: 60, burst: 1000 } }, { clock, seed: 1, epochMs: () => origin });
    const before = (await clock.run(m.answer(CALL))).headers; // read as an adapter reads them: at once
    origin += 3_600_000; // the origin moves an hour on
    const after = await clock.run(m.answer({ ...CALL, maxTokens: 1 }));
    expect(before['anthropic-ratelimit-requests-reset']).toBe('2026-01-01T00:00:01Z');
    expect(after.status).toBe(429);
    expect(after.headers['anthropic-ratelimit-requests-reset']).toMatch(/^2026-01-01T01:00:0[12]Z$/);
  });

  it('answers 529 overloaded_error beyond its capacity and frees the slot when a call ends', async () => {
    const statuses = await withMock({ capacity: 2 }, async (m, clock) => {
      const first = await Promise.all([m.answer(CALL), m.answer(CALL), m.answer(CALL)]);
      const after = await m.answer(CALL);
      expect(m.inProgress).toEqual({ now: 0, peak: 2 });
      expect(clock.now()).toBe(200);
      return [...first, after].map((a) => a.status);
    });
    expect(statuses).toEqual([200, 200, 529, 200]);
  });

  it('refuses every call past the spend limit, with no retry-after and x-should-retry: false', async () => {
    // 100 in + 50 out at haiku prices ($1/$5 per M) is $0.00035 a call: spent past $0.001 by the 3rd
    // answer; calls admitted before then still complete, the next one is refused.
    const answers = await withMock({ spendLimit: { usd: 0.001, status: 429 } }, async (m) =>
      Promise.all([0, 1, 2, 3].map(() => m.answer(CALL))).then(async (a) => [...a, await m.answer(CALL)]),
    );
    const last = answers.at(-1)!;
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 429]);
    expect(last.headers['retry-after']).toBeUndefined();
    expect(last.headers['x-should-retry']).toBe('false');
    expect(last.body).toMatchObject({
      error: { type: 'rate_limit_error', message: expect.stringContaining('You will regain access on 2026-02-01 at 00:00 UTC') },
    });
  });

  it('can answer the spend limit 400 invalid_request_error, as the real API has', async () => {
    const a = await withMock({ spendLimit: { usd: 1e-9, status: 400 } }, async (m) => (await m.answer(CALL), m.answer(CALL)));
    expect(a.status).toBe(400);
    expect(a.body).toMatchObject({ error: { type: 'invalid_request_error' } });
  });

  it('answers an outage before any limit, and tells the observer about every call and answer', async () => {
    const seen: string[] = [];
    const observer = {
      onCall: (ids: readonly string[], at: number) => void seen.push(`call ${ids.join()}@${at}`),
      onAnswer: (ids: readonly string[], s: number, _u: unknown, at: number) => void seen.push(`${s} ${ids.join()}@${at}`),
    };
    const clock = new VirtualClock();
    const m = new MockClaude(
      { ...BASE, rateLimits: { rpm: 60, burst: 1000 } },
      { clock, seed: 1, observer, faults: [{ kind: 'backend-outage', at: 0, duration: 1000, status: 503 }] },
    );
    await clock.run(m.answer(CALL));
    expect(seen).toEqual(['call gd-1@0', '503 gd-1@5']);
    expect(m.stats.byStatus).toEqual({ 503: 1 });
  });

  it('streams when asked and counts a stream that fails after its 200 as sse_error, reported as a 529', async () => {
    const statuses: number[] = [];
    const clock = new VirtualClock();
    const observer = { onAnswer: (_id: unknown, s: number) => void statuses.push(s) };
    const m = new MockClaude({ ...BASE, stream: { ttft: { p50: 50, p99: 50 }, perToken: 2, errorRate: 1 } }, { clock, seed: 1, observer });
    await clock.run(
      (async () => {
        const a = await m.answer({ ...CALL, stream: true });
        expect(a.status).toBe(200);
        expect(a.headers['content-type']).toBe('text/event-stream');
        const events: string[] = [];
        for await (const e of a.stream!) events.push(e.event);
        expect(events.at(-1)).toBe('error');
        expect(m.inProgress.now).toBe(0);
      })(),
    );
    expect(m.stats.byStatus).toEqual({ sse_error: 1 });
    expect(statuses).toEqual([529]);
  });

  it('times a token-paced answer as ttft + output tokens × perToken', async () => {
    const at = await withMock({ stream: { ttft: { p50: 300, p99: 300 }, perToken: 10, errorRate: 0 } }, async (m, clock) => {
      const a = await m.answer(CALL);
      expect(a.usage).toEqual({ input_tokens: 100, output_tokens: 50 });
      return clock.now();
    });
    expect(at).toBeCloseTo(800, 6);
  });
});
