import { describe, expect, it } from 'vitest';
import { faultSchema, type Fault } from '../fault/index.js';
import { VirtualClock } from '../time/index.js';
import type { MockConfig } from './mock-config.js';
import { MockClaude } from './mock-model.js';
import { UNSET_LIMITS } from './rate-limit.js';
import type { MockCall } from './types.js';

const BASE: MockConfig = { latency: { p50: 100, p99: 100 }, outputTokens: { p50: 50, p99: 50 }, errorRate: 0, model: 'claude-haiku-4-5' };
const CALL: MockCall = { requestIds: ['gd-1'], model: 'claude-haiku-4-5', maxTokens: 256, inputTokens: 100 };
const fault = (f: Record<string, unknown>): Fault => faultSchema.parse(f);

/** Starts a call at each of `startsMs` (virtual time); returns [start, status, latency, headers] per call. */
async function callsAt(config: Partial<MockConfig>, faults: Fault[], startsMs: number[]) {
  const clock = new VirtualClock();
  const m = new MockClaude({ ...BASE, ...config }, { clock, seed: 1, faults });
  const one = async (at: number) => {
    await clock.sleep(at);
    const a = await m.answer(CALL);
    return { at, status: a.status, ms: clock.now() - at, headers: a.headers };
  };
  return clock.run(Promise.all(startsMs.map(one)));
}

describe('backend faults in the mock (virtual time, exact)', () => {
  it('backend-rate-limit: the lower tier is enforced only in its window, and the limit headers say it', async () => {
    const starts = Array.from({ length: 24 }, (_, i) => i * 250); // 4 calls/s for 6 s
    const answers = await callsAt(
      { rateLimits: { rpm: 600, burst: 1000 } },
      [fault({ kind: 'backend-rate-limit', at: '2s', duration: '2s', rpm: 60 })],
      starts,
    );
    const refusedAt = answers.filter((a) => a.status === 429).map((a) => a.at);
    // 600 RPM never refuses 4 calls/s; at 60 RPM (one a second, a bucket of one) all but one a second are refused.
    expect(refusedAt).toEqual([2250, 2500, 2750, 3250, 3500, 3750]);
    const limitAt = (t: number) => answers.find((a) => a.at === t)!.headers['anthropic-ratelimit-requests-limit'];
    expect([limitAt(1750), limitAt(2000), limitAt(3750), limitAt(4000)]).toEqual(['600', '60', '60', '600']);
    expect(answers.find((a) => a.at === 2250)!.headers['retry-after']).toBe('1');
  });

  it('backend-rate-limit imposes a limit the scenario did not have, and lifts it after', async () => {
    const answers = await callsAt({}, [fault({ kind: 'backend-rate-limit', at: '1s', duration: '1s', rpm: 60 })], [500, 1000, 1500, 2000, 2100]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429, 200, 200]);
    // Without a limit the headers still come, with the generous unset value, as on every answer.
    expect(answers[0].headers['anthropic-ratelimit-requests-limit']).toBe(String(UNSET_LIMITS.requests));
    expect(answers[1].headers['anthropic-ratelimit-requests-limit']).toBe('60');
    expect(answers[3].headers['anthropic-ratelimit-requests-limit']).toBe(String(UNSET_LIMITS.requests));
  });

  it('backend-rate-limit: a bucket refills at the rate of the window it is in, on each side of its edge, however late the next call', async () => {
    // 6 RPM (a bucket of one, refilled 0.1/s) from 1 s to 2 s, 600 RPM (10/s) otherwise. The call at
    // 1 s empties the bucket; by 2 s it holds 0.1, then 10/s more: 5.1 by 2.5 s, 4.1 after that call's
    // charge and 5.1 again when its answer goes out at 2.6 s. (Refilled at 6 RPM all the way to 2.5 s,
    // it would hold 0.15 and refuse.)
    const answers = await callsAt(
      { rateLimits: { rpm: 600, burst: 1000 } },
      [fault({ kind: 'backend-rate-limit', at: '1s', duration: '1s', rpm: 6 })],
      [1000, 2500],
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers[1].headers['anthropic-ratelimit-requests-remaining']).toBe('5');
  });

  it('backend-slowdown: a call takes the factor of the moment it starts, ramping 1 → `to`, held, then back to 1', async () => {
    const answers = await callsAt({}, [fault({ kind: 'backend-slowdown', at: '1s', duration: '2s', to: 3, hold: '1s' })], [0, 1000, 2000, 3000, 3999, 4000]);
    expect(answers.map((a) => Math.round(a.ms))).toEqual([100, 100, 200, 300, 300, 100]);
  });

  it('congestion: latency rises past the knee with calls in progress, up to `factor` at capacity, then 529', async () => {
    const answers = await callsAt({ capacity: 4, congestion: { knee: 2, factor: 3 } }, [], [0, 0, 0, 0, 0]);
    // In progress when each starts: 1, 2, 3, 4 (×1, ×1, ×2, ×3), and a fifth past capacity.
    expect(answers.map((a) => [a.status, Math.round(a.ms)])).toEqual([
      [200, 100],
      [200, 100],
      [200, 200],
      [200, 300],
      [529, 5],
    ]);
  });
});
