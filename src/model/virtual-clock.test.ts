import { describe, expect, it } from 'vitest';
import { VirtualClock } from './virtual-clock.js';

describe('VirtualClock', () => {
  it('fires timers in time order, ties in the order they were set, without waiting', async () => {
    const clock = new VirtualClock();
    const seen: string[] = [];
    const main = (async () => {
      clock.setTimer(300, () => seen.push(`c@${clock.now()}`));
      clock.setTimer(100, () => seen.push(`a@${clock.now()}`));
      clock.setTimer(100, () => seen.push(`b@${clock.now()}`));
      await clock.sleep(3_600_000);
      return clock.now();
    })();
    const started = performance.now();
    expect(await clock.run(main)).toBe(3_600_000);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(seen).toEqual(['a@100', 'b@100', 'c@300']);
  });

  it('lets promise chains settle between instants', async () => {
    const clock = new VirtualClock();
    const main = (async () => {
      const order: number[] = [];
      const worker = (async () => {
        for (let i = 0; i < 3; i++) {
          await clock.sleep(10);
          await Promise.resolve();
          order.push(clock.now());
        }
      })();
      await worker;
      return order;
    })();
    expect(await clock.run(main)).toEqual([10, 20, 30]);
  });

  it('a cancelled timer never fires; an aborted sleep rejects', async () => {
    const clock = new VirtualClock();
    let fired = false;
    const main = (async () => {
      const cancel = clock.setTimer(50, () => (fired = true));
      cancel();
      const ac = new AbortController();
      clock.setTimer(10, () => ac.abort(new Error('stop')));
      await expect(clock.sleep(100, ac.signal)).rejects.toThrow('stop');
      await clock.sleep(100);
    })();
    await clock.run(main);
    expect(fired).toBe(false);
  });

  it('reports a run that can never finish instead of hanging', async () => {
    const clock = new VirtualClock();
    await expect(clock.run(new Promise(() => undefined))).rejects.toThrow(/nothing left to run/);
  });
});
