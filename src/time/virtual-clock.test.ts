import { describe, expect, it } from 'vitest';
import { reusable } from './abort-reuse.js';
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
    // An hour of virtual time: waiting for it would outlast the test's own timeout by far.
    expect(await clock.run(main)).toBe(3_600_000);
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

  it('sleeps on one signal end as if each had its own listener: oldest first on an abort, and the signal reusable once none waits', async () => {
    const clock = new VirtualClock();
    const ac = new AbortController();
    const seen: string[] = [];
    const main = (async () => {
      await clock.sleep(10, ac.signal); // ends by its timer: nothing is left waiting on the signal
      seen.push(`woke@${clock.now()}`);
      const reusableBetween = reusable(ac);
      const sleeps = ['a', 'b', 'c'].map((name) => clock.sleep(100, ac.signal).catch((e: Error) => seen.push(`${name}:${e.message}@${clock.now()}`)));
      const reusableWhileWaiting = reusable(ac);
      clock.setTimer(20, () => ac.abort(new Error('kill')));
      await Promise.all(sleeps);
      await clock.sleep(200); // the cancelled timers never fire
      return { reusableBetween, reusableWhileWaiting };
    })();
    expect(await clock.run(main)).toEqual({ reusableBetween: true, reusableWhileWaiting: false });
    expect(seen).toEqual(['woke@10', 'a:kill@30', 'b:kill@30', 'c:kill@30']);
    expect(reusable(ac)).toBe(false); // aborted
  });

  it('reports a run that can never finish instead of hanging', async () => {
    const clock = new VirtualClock();
    await expect(clock.run(new Promise(() => undefined))).rejects.toThrow(/nothing left to run/);
  });
});
