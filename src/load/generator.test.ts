import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../model/index.js';
import { generate } from './generator.js';

describe('generate', () => {
  it('stops waiting for the next arrival as soon as the run stops, and counts the rest as not due', async () => {
    const clock = new VirtualClock();
    const abort = new AbortController();
    const launched: number[] = [];
    // Two arrivals now, then a minute of nothing, then two more: the interrupt lands 10 ms in.
    const at = Float64Array.from([0, 0, 60_000, 60_001]);
    clock.setTimer(10, () => abort.abort());
    const stats = await clock.run(generate(at, clock, async (i) => void launched.push(i), { stop: abort.signal }));
    expect(launched).toEqual([0, 1]);
    expect(stats).toMatchObject({ launched: 2, notDue: 2 });
    expect(clock.now()).toBe(10);
  });
});

describe('generate: the schedule', () => {
  it('launches each arrival at its intended time on the clock, in order, and counts them', async () => {
    const clock = new VirtualClock();
    const at = Float64Array.from([0, 5, 5, 250, 1000]);
    const launchedAt: [number, number][] = [];
    const stats = await clock.run(generate(at, clock, async (i) => void launchedAt.push([i, clock.now()])));
    expect(launchedAt).toEqual([
      [0, 0],
      [1, 5],
      [2, 5],
      [3, 250],
      [4, 1000],
    ]);
    expect(stats).toMatchObject({ launched: 5, notDue: 0, abandoned: 0, errors: 0 });
  });

  it('a launch that throws is counted as a generator error, and the schedule goes on', async () => {
    const clock = new VirtualClock();
    const launched: number[] = [];
    const stats = await clock.run(
      generate(Float64Array.from([0, 10, 20]), clock, async (i) => {
        if (i === 1) throw new Error('bug');
        launched.push(i);
      }),
    );
    expect(launched).toEqual([0, 2]);
    expect(stats.errors).toBe(1);
  });
});
