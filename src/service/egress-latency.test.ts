import { describe, expect, it } from 'vitest';
import type { BackendOutcome } from '../backend/index.js';
import { VirtualClock } from '../time/index.js';
import { GradientEgress, type GradientOptions } from './egress-gradient.js';
import { RTT_SAMPLES } from './egress-rtt.js';
import { VegasEgress } from './egress-vegas.js';
import { runThrough } from '../../test/helpers/callbacks.js';

const OK: BackendOutcome = { ok: true, inputTokens: 1, outputTokens: 1 };
const EMA = 2 / (RTT_SAMPLES + 1);
const gradientOptions = (o: Partial<GradientOptions>): GradientOptions => ({
  initial: 8,
  min: 1,
  max: 32,
  decrease: 0.5,
  windowMs: 60_000,
  tolerance: 1,
  smoothing: 0.2,
  queueSize: 2,
  ...o,
});

/** Calls one at a time, each answered after its latency; returns the limit after each answer. */
async function sequential(clock: VirtualClock, egress: { run: GradientEgress['run']; limit: number }, latencies: number[]): Promise<number[]> {
  const limits: number[] = [];
  for (const ms of latencies) {
    await clock.run(runThrough(egress, async () => (await clock.sleep(ms), OK)));
    limits.push(egress.limit);
  }
  return limits;
}

describe('GradientEgress', () => {
  it('grows by queueSize × smoothing per answer while latency holds, and stops once under half its limit is in flight', async () => {
    const clock = new VirtualClock();
    const egress = new GradientEgress(clock, gradientOptions({ initial: 2, smoothing: 0.25 }));
    const call = () => runThrough(egress, async () => (await clock.sleep(100), OK));
    const after: number[] = [];
    for (let round = 0; round < 8; round++) {
      await clock.run(Promise.all([call(), call()]));
      after.push(egress.limit);
    }
    // +0.5 per answer that had at least half the limit in flight: both in round 1 (1 × 2 >= 2, then
    // 2 × 2 >= 2.5), then only the second of each round, until 2 × 2 < 4.5.
    expect(after).toEqual([3, 3.5, 4, 4.5, 4.5, 4.5, 4.5, 4.5]);
  });

  it('shrinks in proportion as latency climbs over no-load, by at most half before smoothing', async () => {
    const clock = new VirtualClock();
    const egress = new GradientEgress(clock, gradientOptions({ initial: 8, tolerance: 1.5 }));
    const limits = await sequential(clock, egress, [100, 100, 100, 100, 1000, 130]);
    expect(limits.slice(0, 4)).toEqual([8, 8, 8, 8]); // one call in flight: latency at no load, no reason to grow
    const actual = 100 + EMA * 900;
    const g1 = Math.max(0.5, Math.min(1, (1.5 * 100) / actual));
    const l1 = 8 * 0.8 + 0.2 * (8 * g1 + 2);
    expect(limits[4]).toBeCloseTo(l1, 12);
    const actual2 = actual + EMA * (130 - actual);
    const l2 = l1 * 0.8 + 0.2 * (l1 * Math.max(0.5, Math.min(1, 150 / actual2)) + 2);
    expect(limits[5]).toBeCloseTo(l2, 12);
    expect(egress.stats.lowest).toBeCloseTo(Math.min(l1, l2), 12);
  });

  it('cuts on a 529 once per round trip and honours retry-after, as AIMD does', async () => {
    const clock = new VirtualClock();
    const egress = new GradientEgress(clock, gradientOptions({ initial: 4, max: 4 }));
    const starts: number[] = [];
    const overloaded: BackendOutcome = { ok: false, status: 529, message: 'overloaded', retryAfterMs: 1000 };
    const call = (o: BackendOutcome) => runThrough(egress, async () => (starts.push(clock.now()), await clock.sleep(10), o));
    await clock.run(Promise.all([call(overloaded), call(overloaded), call(OK), call(OK), call(OK)]));
    expect(egress.stats.cuts).toBe(1);
    expect(egress.stats.pauses).toBe(2);
    expect(starts).toEqual([0, 0, 0, 0, 1010]);
  });
});

describe('VegasEgress', () => {
  it('estimates the backend queue as limit × (1 − noLoad/actual): holds between alpha and beta, shrinks 1/limit per answer above beta', async () => {
    const clock = new VirtualClock();
    const egress = new VegasEgress(clock, { initial: 10, min: 1, max: 32, decrease: 0.5, windowMs: 60_000, alpha: 2, beta: 4 });
    const latencies = [100, 100, ...Array<number>(10).fill(200)];
    const limits = await sequential(clock, egress, latencies);
    // The same arithmetic by hand: no-load 100 ms; the smoothed latency climbs towards 200 ms.
    let actual = 100;
    let limit = 10;
    const expected = latencies.map((ms) => {
      actual += EMA * (ms - actual);
      const queue = limit * (1 - 100 / actual);
      if (queue > 4) limit -= 1 / limit; // below alpha it would grow, but one call in flight never uses half the limit
      return limit;
    });
    expect(limits).toEqual(expected);
    expect(limits[2]).toBe(10); // queue 1.5: below alpha, yet nothing to grow into
    expect(limits.at(-1)).toBeLessThan(10);
    expect(limits.filter((l) => l === 10).length).toBeGreaterThanOrEqual(4); // held while 2 <= queue <= 4
  });

  it('grows by 1/limit per answer while the queue is under alpha and the limit is in use', async () => {
    const clock = new VirtualClock();
    const egress = new VegasEgress(clock, { initial: 2, min: 1, max: 32, decrease: 0.5, windowMs: 60_000, alpha: 2, beta: 4 });
    await clock.run(Promise.all([0, 1].map(() => runThrough(egress, async () => (await clock.sleep(100), OK)))));
    expect(egress.limit).toBeCloseTo(2 + 1 / 2 + 1 / 2.5, 12);
  });
});
