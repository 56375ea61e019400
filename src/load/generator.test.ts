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
