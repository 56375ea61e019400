import { describe, expect, it } from 'vitest';
import { createRng, type Clock } from '../time/index.js';
import { asyncQueueStore } from '../store/async.js';
import { MemoryQueueStore } from '../store/memory.js';
import { persistent } from './persistent.js';
import { takeNext, type Job } from './types.js';

/** A clock the test sets by hand, as a process's clock is moved back to the run's start by a rebase; timers fire only when told. */
function handClock() {
  const timers = new Set<() => void>();
  const clock: Clock & { t: number; fire(): void } = {
    t: 0,
    now: () => clock.t,
    setTimer(_ms, fn) {
      timers.add(fn);
      return () => timers.delete(fn);
    },
    sleep: () => Promise.resolve(),
    fire() {
      const due = [...timers];
      timers.clear();
      due.forEach((fn) => fn());
    },
  };
  return clock;
}

const job = (id: string): Job => ({ id, priority: 2, inputTokens: 10, maxTokens: 20, admittedAt: 0 });

function setup(capacity = 10) {
  const clock = handClock();
  const memory = new MemoryQueueStore({ capacity });
  const options = persistent.optionsSchema.parse({ store: 'redis', lease: '500ms', poll: '100ms' });
  const strategy = persistent.create(options, {
    clock,
    rng: createRng(1),
    capacity,
    workers: 2,
    sharedStore: asyncQueueStore(memory),
    end: () => undefined,
    die: () => undefined,
  });
  return { clock, memory, strategy };
}

describe('persistent over a shared store', () => {
  it('admits asynchronously: accepted once per id, 503 + Retry-After when full', async () => {
    const { strategy, memory } = setup(1);
    expect(await strategy.admit(job('a'))).toEqual({ kind: 'accepted' });
    expect(await strategy.admit(job('a'))).toEqual({ kind: 'accepted' });
    const full = await strategy.admit(job('b'));
    expect(full).toMatchObject({ kind: 'shed', status: 503, reason: 'durable queue full' });
    expect(full.kind === 'shed' && full.retryAfterS).toBeGreaterThanOrEqual(1);
    expect(memory.counts()).toEqual({ ready: 1, leased: 0, done: 0, dead: 0 });
    const lease = (await takeNext(strategy))!;
    expect(await strategy.settle(lease, { ok: true })).toEqual({ terminal: true });
    expect(memory.counts()).toEqual({ ready: 0, leased: 0, done: 1, dead: 0 });
    strategy.close();
  });

  it('reclaims a dead worker’s expired lease after the clock moved back to the run’s start', async () => {
    const { strategy, clock } = setup();
    // The process came up and its workers looked for work before the run's clock was set.
    clock.t = 3000;
    const idle = takeNext(strategy);
    await Promise.resolve();
    clock.t = 0; // the rebase: run time starts now
    await strategy.admit(job('a'));
    await strategy.admit(job('b'));
    const first = (await idle)!;
    expect(first.job.id).toBe('a');
    strategy.abandon!(first); // its worker died holding it: the lease (until 500) outlives it
    clock.t = 700;
    const next = (await takeNext(strategy))!;
    expect(next.job.id).toBe('a'); // back in its place, before b
    expect(next.lease).not.toBe(first.lease);
    clock.fire();
    strategy.close();
  });
});
