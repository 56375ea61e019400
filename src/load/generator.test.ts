import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../time/index.js';
import { generate } from './generator.js';

describe('generate', () => {
  it('stops waiting for the next arrival as soon as the run stops, and counts the rest as not due', async () => {
    const clock = new VirtualClock();
    const abort = new AbortController();
    const launched: number[] = [];
    // Two arrivals now, then a minute of nothing, then two more: the interrupt lands 10 ms in.
    const at = Float64Array.from([0, 0, 60_000, 60_001]);
    clock.setTimer(10, () => abort.abort());
    const stats = await clock.run(generate(at, clock, (i, done) => (launched.push(i), done()), { stop: abort.signal }));
    expect(launched).toEqual([0, 1]);
    expect(stats).toMatchObject({ launched: 2, notDue: 2 });
    expect(clock.now()).toBe(10);
  });

  it('an abort decided before the generator noticed it: what was due before it still goes, the rest is not due', async () => {
    // A generator running behind: it looks at 12 ms, the abort was decided at 9.6 ms.
    const run = async (stoppedAt?: () => number) => {
      const clock = new VirtualClock();
      const stop = new AbortController();
      stop.abort();
      const launched: number[] = [];
      const stats = await clock.run(
        (async () => {
          await clock.sleep(12);
          return generate(Float64Array.from([0, 9.5, 10, 30]), clock, (i, done) => (launched.push(i), done()), { stop: stop.signal, stoppedAt });
        })(),
      );
      return { launched, stats };
    };
    expect(await run(() => 9.6)).toMatchObject({ launched: [0, 1], stats: { launched: 2, notDue: 2 } });
    // An interrupt has no decision time: what is not launched when the generator looks is cut.
    expect(await run()).toMatchObject({ launched: [], stats: { launched: 0, notDue: 1 } });
  });
});

describe('generate: the schedule', () => {
  it('launches each arrival at its intended time on the clock, in order, and counts them', async () => {
    const clock = new VirtualClock();
    const at = Float64Array.from([0, 5, 5, 250, 1000]);
    const launchedAt: [number, number][] = [];
    const stats = await clock.run(generate(at, clock, (i, done) => (launchedAt.push([i, clock.now()]), done())));
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
      generate(Float64Array.from([0, 10, 20]), clock, (i, done) => {
        if (i === 1) throw new Error('bug');
        launched.push(i);
        done();
      }),
    );
    expect(launched).toEqual([0, 2]);
    expect(stats.errors).toBe(1);
  });

  it('a request whose client code fails later is counted as an error too, and the generator still waits for it', async () => {
    const clock = new VirtualClock();
    const stats = await clock.run(
      generate(Float64Array.from([0, 10]), clock, (i, done) => void clock.setTimer(100, () => done(i === 0 ? new Error('bug') : undefined))),
    );
    expect(stats).toMatchObject({ launched: 2, errors: 1 });
    expect(clock.now()).toBe(110);
  });
});
