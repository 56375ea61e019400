import { describe, expect, it } from 'vitest';
import { ConfigError, stalledReason, type QueueStore } from '../model/index.js';
import { createRng, VirtualClock } from '../time/index.js';
import { MemoryQueueStore } from '../store/memory.js';
import { persistent } from './persistent.js';
import { takeNext, type Admission, type Job, type Strategy } from './types.js';

const options = (o: Record<string, unknown> = {}) => persistent.optionsSchema.parse({ lease: '1s', maxAttempts: 3, retryBackoff: '100ms', poll: '50ms', ...o });

function setup(o: Record<string, unknown> = {}, capacity = 10) {
  const clock = new VirtualClock();
  const store = new MemoryQueueStore({ capacity });
  const create = (s: QueueStore = store): Strategy =>
    persistent.create(options(o), { clock, rng: createRng(1), capacity, workers: 2, store: s, end: () => undefined, die: () => undefined });
  return { clock, store, strategy: create(), create };
}

const job = (id: string, priority = 2): Job => ({ id, priority, inputTokens: 10, maxTokens: 20, admittedAt: 0 });

describe('persistent', () => {
  it('accepts into the store, treats a known id as accepted once, and sheds 503 + Retry-After when full', () => {
    const { strategy, store } = setup({}, 2);
    expect(strategy.admit(job('a'))).toEqual({ kind: 'accepted' });
    expect(strategy.admit(job('a'))).toEqual({ kind: 'accepted' });
    expect(strategy.admit(job('b'))).toEqual({ kind: 'accepted' });
    const full = strategy.admit(job('c')) as Admission;
    expect(full).toMatchObject({ kind: 'shed', status: 503, reason: 'durable queue full' });
    expect(full.kind === 'shed' && full.retryAfterS).toBeGreaterThanOrEqual(1);
    expect(store.counts()).toEqual({ ready: 2, leased: 0, done: 0, dead: 0 });
    expect(strategy.counters()).toEqual({ received: 4, accepted: 3, shed: 1, rejected: 0, processed: 0, failed: 0, depth: 2 });
  });

  it('hands jobs out best priority first with the job as admitted, and completes them in the store', async () => {
    const { strategy, store } = setup();
    strategy.admit(job('low', 3));
    strategy.admit({ ...job('crit', 0), inputTokens: 77, admittedAt: 5 });
    const first = (await takeNext(strategy))!;
    expect(first.job).toEqual({ id: 'crit', priority: 0, inputTokens: 77, maxTokens: 20, admittedAt: 5 });
    expect(strategy.depth()).toBe(1);
    expect(strategy.settle(first, { ok: true })).toEqual({ terminal: true });
    expect(store.counts()).toEqual({ ready: 1, leased: 0, done: 1, dead: 0 });
    expect(strategy.counters().processed).toBe(1);
  });

  it('retries a failed job after a backoff and dead-letters it with its reason when attempts run out', async () => {
    const { clock, strategy, store } = setup({ maxAttempts: 2 });
    strategy.admit(job('a'));
    const run = async () => {
      const first = (await takeNext(strategy))!;
      expect(strategy.settle(first, { ok: false, reason: 'backend 500' })).toEqual({ terminal: false });
      const retriedAt = clock.now();
      const second = (await takeNext(strategy))!;
      // Backoff: 100 ms × 2^0, jittered between 50 and 100 ms, found by the idle poll.
      expect(clock.now() - retriedAt).toBeGreaterThanOrEqual(50);
      expect(second.job.id).toBe('a');
      return strategy.settle(second, { ok: false, reason: 'backend 500' });
    };
    expect(await clock.run(run())).toEqual({ terminal: true, reason: 'dead-letter: backend 500' });
    expect(store.deadLetters()).toEqual([{ id: 'a', reason: 'backend 500' }]);
    expect(strategy.counters()).toMatchObject({ processed: 0, failed: 1, depth: 0 });
  });

  it('wakes a parked worker on enqueue, and closes with undefined', async () => {
    const { clock, strategy } = setup();
    clock.setTimer(10, () => strategy.admit(job('late')));
    expect((await clock.run(takeNext(strategy)))!.job.id).toBe('late');
    // Woken by the enqueue itself, not by the next poll (which would be at 50 ms).
    expect(clock.now()).toBe(10);
    const parked = takeNext(strategy);
    strategy.close();
    expect(await parked).toBeUndefined();
  });

  it('gets an abandoned job (a worker crash) back when its lease expires', async () => {
    const { clock, strategy, store } = setup();
    strategy.admit(job('a'));
    const held = (await takeNext(strategy))!;
    strategy.abandon!(held);
    // Nobody holds it, so it still counts as waiting: the drain must not stop for it.
    expect(strategy.depth()).toBe(1);
    const again = (await clock.run(takeNext(strategy)))!;
    expect(again.job.id).toBe('a');
    expect(again.lease).not.toBe(held.lease);
    expect(clock.now()).toBeGreaterThan(1000);
    expect(clock.now()).toBeLessThanOrEqual(1000 + 50 + 1);
    // The dead worker's stale lease can neither complete nor fail it.
    expect(strategy.settle(held, { ok: false, reason: 'late' })).toEqual({ terminal: false });
    expect(strategy.settle(again, { ok: true })).toEqual({ terminal: true });
    expect(store.counts()).toMatchObject({ done: 1, leased: 0 });
  });

  it('puts a job whose worker keeps dying back maxStalled times (default 1, as BullMQ), then dead-letters it', async () => {
    const { clock, strategy, store } = setup();
    strategy.admit(job('poison'));
    for (let stall = 0; stall < 2; stall++) strategy.abandon!((await clock.run(takeNext(strategy)))!);
    // The second stall is one too many: the next worker gets the next job, not the poison one again.
    clock.setTimer(5000, () => strategy.admit(job('next')));
    expect((await clock.run(takeNext(strategy)))!.job.id).toBe('next');
    expect(store.deadLetters()).toEqual([{ id: 'poison', reason: stalledReason(1) }]);
    expect(strategy.depth()).toBe(0);
  });
  it('redelivers a job whose worker outlives its lease (at-least-once); each hand-out settles on its own terms', async () => {
    const { clock, strategy, store } = setup({ maxAttempts: 3 });
    strategy.admit(job('slow'));
    const first = (await takeNext(strategy))!;
    const second = (await clock.run(takeNext(strategy)))!; // the lease ran out while the first worker still works
    expect(second.job.id).toBe('slow');
    // The slow worker finishes: the backend did the work (a duplicate when the second one does too).
    expect(strategy.settle(first, { ok: true })).toEqual({ terminal: true });
    // The second hand-out fails: its own attempt count decides, so it is retried, not dead-lettered.
    expect(strategy.settle(second, { ok: false, reason: 'backend 500' })).toEqual({ terminal: false });
    expect(store.counts()).toEqual({ ready: 1, leased: 0, done: 0, dead: 0 });
  });

  it('resumes after a crash: a new instance on the same store finds the backlog and reclaims expired leases', async () => {
    const { clock, strategy, store, create } = setup();
    for (const id of ['a', 'b', 'c']) strategy.admit(job(id));
    await takeNext(strategy); // in flight when the process dies
    strategy.close();
    const restarted = create(store);
    expect(restarted.depth()).toBe(3);
    const ids = await clock.run(Promise.all([takeNext(restarted), takeNext(restarted), takeNext(restarted)]));
    expect(ids.map((l) => l!.job.id).sort()).toEqual(['a', 'b', 'c']);
    expect(clock.now()).toBeGreaterThan(1000);
  });

  it('a store that fails under a worker takes the service down with the reason, once', async () => {
    const clock = new VirtualClock();
    const store = new MemoryQueueStore({ capacity: 10 });
    const deaths: string[] = [];
    const strategy = persistent.create(options(), {
      clock,
      rng: createRng(1),
      capacity: 10,
      workers: 1,
      store,
      end: () => undefined,
      die: (r) => deaths.push(r),
    });
    strategy.admit(job('a'));
    store.claim = () => {
      throw new Error('disk I/O error');
    };
    expect(await takeNext(strategy)).toBeUndefined();
    expect(strategy.depth()).toBe(0);
    expect(strategy.admit(job('b'))).toEqual({ kind: 'rejected', status: 500, reason: 'queue store failed' });
    expect(deaths).toEqual(['queue store failed: disk I/O error']);
  });

  it('refuses to run without a store, saying how to give it one', () => {
    const clock = new VirtualClock();
    expect(() => persistent.create(options(), { clock, rng: createRng(1), capacity: 1, workers: 1, end: () => undefined, die: () => undefined })).toThrow(
      ConfigError,
    );
    expect(() => persistent.create(options(), { clock, rng: createRng(1), capacity: 1, workers: 1, end: () => undefined, die: () => undefined })).toThrow(
      /deps\.store/,
    );
  });

  it('names its store in its options, strictly', () => {
    expect(persistent.storeSpec(options())).toEqual({ kind: 'sqlite', path: undefined });
    expect(persistent.storeSpec(options({ store: 'memory' }))).toEqual({ kind: 'memory', path: undefined });
    expect(persistent.optionsSchema.parse({})).toMatchObject({ store: 'sqlite', lease: 5000, maxAttempts: 3 });
    expect(persistent.optionsSchema.safeParse({ leaseMs: 10 }).success).toBe(false);
    // Every duration carries its unit: a bare number is refused, with the fix.
    expect(persistent.optionsSchema.safeParse({ lease: 400 }).error?.issues[0].message).toContain('write 400ms or 400s');
  });
});
