import { describe, expect, it } from 'vitest';
import type { BackendOutcome } from '../backend/index.js';
import { VirtualClock } from '../time/index.js';
import { AdaptiveEgress } from './egress-adaptive.js';
import { runThrough } from '../../test/helpers/callbacks.js';

const OK: BackendOutcome = { ok: true, inputTokens: 1, outputTokens: 1 };
const limited = (retryAfterMs?: number): BackendOutcome => ({ ok: false, status: 429, message: '429', retryAfterMs });

describe('AdaptiveEgress (AIMD)', () => {
  it('halves its limit on a 429 once per round trip, however many answers of that round say 429', async () => {
    const clock = new VirtualClock();
    const egress = new AdaptiveEgress(clock, { initial: 8, min: 1, max: 8, decrease: 0.5 });
    await clock.run(Promise.all(Array.from({ length: 8 }, () => runThrough(egress, async () => (await clock.sleep(10), limited())))));
    expect(egress.limit).toBe(4);
    expect(egress.stats.cuts).toBe(1);
  });

  it('grows by about one per window of successes, up to max', async () => {
    const clock = new VirtualClock();
    const egress = new AdaptiveEgress(clock, { initial: 2, min: 1, max: 4, decrease: 0.5 });
    for (let i = 0; i < 5; i++) await clock.run(runThrough(egress, async () => OK));
    let expected = 2;
    for (let i = 0; i < 5; i++) expected += 1 / expected;
    expect(egress.limit).toBeCloseTo(expected, 9); // 2 → 2.5 → 2.9 → 3.24 → 3.55 → 3.83
    for (let i = 0; i < 50; i++) await clock.run(runThrough(egress, async () => OK));
    expect(egress.limit).toBe(4);
  });

  it('holds every new call until a retry-after has passed, and never drops below min', async () => {
    const clock = new VirtualClock();
    const egress = new AdaptiveEgress(clock, { initial: 2, min: 1, max: 2, decrease: 0.5 });
    const starts: number[] = [];
    const call = (o: BackendOutcome) => runThrough(egress, async () => (starts.push(clock.now()), await clock.sleep(10), o));
    await clock.run(Promise.all([call(limited(2000)), call(OK), call(OK)]));
    // The 429 lands at 10 ms: the limit drops to 1 and nothing new starts before 2010 ms.
    expect(starts).toEqual([0, 0, 2010]);
    expect(egress.stats).toEqual({ lowest: 1, highest: 2, cuts: 1, pauses: 1 });
  });

  it('ignores failures that say nothing about load (500s, connection errors)', async () => {
    const clock = new VirtualClock();
    const egress = new AdaptiveEgress(clock, { initial: 4, min: 1, max: 4, decrease: 0.5 });
    await clock.run(runThrough(egress, async () => ({ ok: false, status: 500, message: '500' })));
    await clock.run(runThrough(egress, async () => ({ ok: false, status: 0, message: 'ECONNRESET' })));
    expect(egress.limit).toBe(4);
    await clock.run(runThrough(egress, async () => ({ ok: false, status: 529, message: 'overloaded' })));
    expect(egress.limit).toBe(2);
  });
});
