import { afterEach, describe, expect, it } from 'vitest';
import { stalledReason, type AsyncQueueStore, type ClaimedJob, type NewJob, type QueueStore } from '../../src/model/queue-store.js';

/** Makes a fresh, empty store (a synchronous one through asyncQueueStore); the suite closes it after each test. */
export type StoreFactory = (opts: { capacity: number }) => AsyncQueueStore | Promise<AsyncQueueStore>;

const LEASE_MS = 1000;

export function newJob(id: string, priority = 1, maxAttempts = 3): NewJob {
  return { id, priority, payload: `payload of ${id}`, maxAttempts };
}

function claimed(job: NewJob, attempts: number, lease: number): ClaimedJob {
  return { ...job, attempts, lease };
}

/** Claims until the store has nothing due at `now`; returns the ids in claim order. */
export function drainIds(store: QueueStore, now: number): string[] {
  const ids: string[] = [];
  for (let job = store.claim(now, LEASE_MS); job; job = store.claim(now, LEASE_MS)) ids.push(job.id);
  return ids;
}

/** drainIds through the asynchronous contract. */
export async function drainAll(store: AsyncQueueStore, now: number): Promise<string[]> {
  const ids: string[] = [];
  for (let job = await store.claim(now, LEASE_MS); job; job = await store.claim(now, LEASE_MS)) ids.push(job.id);
  return ids;
}

/**
 * The QueueStore contract (src/model/queue-store.ts), run against one implementation. Every
 * test states exact results: which job, which attempt, which counts.
 */
export function storeConformance(name: string, factory: StoreFactory): void {
  describe(`QueueStore conformance: ${name}`, () => {
    const open: AsyncQueueStore[] = [];
    const make = async (capacity = 100): Promise<AsyncQueueStore> => {
      const store = await factory({ capacity });
      open.push(store);
      return store;
    };
    afterEach(async () => {
      for (const store of open.splice(0)) await store.close();
    });

    describe('enqueue', () => {
      it('adds a job once; a second enqueue of the same id says exists and changes nothing', async () => {
        const store = await make();
        expect(await store.enqueue(newJob('a', 5, 2), 0)).toBe('added');
        expect(await store.enqueue({ id: 'a', priority: 0, payload: 'other', maxAttempts: 9 }, 1)).toBe('exists');
        expect(await store.counts()).toEqual({ ready: 1, leased: 0, done: 0, dead: 0 });
        const job = await store.claim(2, LEASE_MS);
        expect(job).toEqual(claimed(newJob('a', 5, 2), 1, job!.lease));
      });

      it('says exists for a leased, a done and a dead job', async () => {
        const store = await make();
        for (const id of ['leased', 'done', 'dead']) await store.enqueue(newJob(id), 0);
        const [, done, dead] = [(await store.claim(0, LEASE_MS))!, (await store.claim(0, LEASE_MS))!, (await store.claim(0, LEASE_MS))!];
        expect(await store.complete(done.id, done.lease, 1)).toBe(true);
        expect(await store.fail(dead.id, dead.lease, 1, 'fatal', null)).toBe(true);
        expect(await store.enqueue(newJob('leased'), 2)).toBe('exists');
        expect(await store.enqueue(newJob('done'), 2)).toBe('exists');
        expect(await store.enqueue(newJob('dead'), 2)).toBe('exists');
        expect(await store.counts()).toEqual({ ready: 0, leased: 1, done: 1, dead: 1 });
      });

      it('says full at capacity, writes nothing then, and says exists before full', async () => {
        const store = await make(3);
        for (const id of ['a', 'b', 'c']) expect(await store.enqueue(newJob(id), 0)).toBe('added');
        expect(await store.enqueue(newJob('d'), 0)).toBe('full');
        expect(await store.enqueue(newJob('a'), 0)).toBe('exists');
        expect(await store.counts()).toEqual({ ready: 3, leased: 0, done: 0, dead: 0 });
        // 'd' was not written: once a slot frees it is a new job.
        const job = (await store.claim(1, LEASE_MS))!;
        expect(await store.complete(job.id, job.lease, 2)).toBe(true);
        expect(await store.enqueue(newJob('d'), 3)).toBe('added');
        expect(await store.counts()).toEqual({ ready: 3, leased: 0, done: 1, dead: 0 });
      });

      it('counts ready and leased jobs against capacity, not done or dead ones', async () => {
        const store = await make(2);
        await store.enqueue(newJob('a', 1, 1), 0);
        await store.enqueue(newJob('b', 1, 1), 0);
        const a = (await store.claim(0, LEASE_MS))!;
        expect(await store.enqueue(newJob('c'), 0)).toBe('full'); // a leased + b ready
        expect(await store.fail(a.id, a.lease, 1, 'bad input', null)).toBe(true);
        expect(await store.enqueue(newJob('c'), 1)).toBe('added'); // a dead: b + c
        expect(await store.enqueue(newJob('d'), 1)).toBe('full');
        const b = (await store.claim(2, LEASE_MS))!;
        expect(await store.complete(b.id, b.lease, 3)).toBe(true);
        expect(await store.enqueue(newJob('d'), 4)).toBe('added'); // b done: c + d
        expect(await store.counts()).toEqual({ ready: 2, leased: 0, done: 1, dead: 1 });
      });

      it('counts a job waiting for its retry time against capacity', async () => {
        const store = await make(1);
        await store.enqueue(newJob('a'), 0);
        const a = (await store.claim(0, LEASE_MS))!;
        expect(await store.fail(a.id, a.lease, 1, 'busy', 500)).toBe(true);
        expect(await store.enqueue(newJob('b'), 2)).toBe('full');
        expect(await store.counts()).toEqual({ ready: 1, leased: 0, done: 0, dead: 0 });
      });
    });

    describe('claim', () => {
      it('returns undefined from an empty store', async () => {
        expect(await (await make()).claim(0, LEASE_MS)).toBeUndefined();
      });

      it('returns the job as enqueued, with attempts 1 and a lease token', async () => {
        const store = await make();
        await store.enqueue({ id: 'req-1', priority: 2, payload: '{"prompt":"hi"}', maxAttempts: 4 }, 10);
        const job = (await store.claim(11, LEASE_MS))!;
        expect(job).toEqual({ id: 'req-1', priority: 2, payload: '{"prompt":"hi"}', maxAttempts: 4, attempts: 1, lease: job.lease });
        expect(Number.isInteger(job.lease)).toBe(true);
        expect(await store.counts()).toEqual({ ready: 0, leased: 1, done: 0, dead: 0 });
      });

      it('takes the best priority first (lowest number), then the oldest', async () => {
        const store = await make();
        const order: [string, number][] = [
          ['low-1', 3],
          ['normal-1', 2],
          ['critical-1', 0],
          ['low-2', 3],
          ['normal-2', 2],
          ['critical-2', 0],
          ['high-1', 1],
        ];
        for (const [i, [id, priority]] of order.entries()) await store.enqueue(newJob(id, priority), i);
        expect(await drainAll(store, 10)).toEqual(['critical-1', 'critical-2', 'high-1', 'normal-1', 'normal-2', 'low-1', 'low-2']);
      });

      it('keeps FIFO order among many jobs enqueued at the same time', async () => {
        const store = await make(1000);
        const ids = Array.from({ length: 300 }, (_, i) => `job-${i}`);
        for (const id of ids) await store.enqueue(newJob(id), 0);
        expect(await drainAll(store, 0)).toEqual(ids);
      });

      it('never leases a job twice; tokens are distinct and increasing', async () => {
        const store = await make();
        for (let i = 0; i < 20; i++) await store.enqueue(newJob(`j${i}`), 0);
        const jobs: ClaimedJob[] = [];
        for (let job = await store.claim(0, LEASE_MS); job; job = await store.claim(0, LEASE_MS)) jobs.push(job);
        expect(jobs).toHaveLength(20);
        expect(new Set(jobs.map((j) => j.id)).size).toBe(20);
        for (let i = 1; i < jobs.length; i++) expect(jobs[i].lease).toBeGreaterThan(jobs[i - 1].lease);
        expect(await store.claim(0, LEASE_MS)).toBeUndefined();
        expect(await store.counts()).toEqual({ ready: 0, leased: 20, done: 0, dead: 0 });
      });

      it('works on any caller clock, including 0 and large values', async () => {
        const store = await make();
        await store.enqueue(newJob('a'), 0);
        await store.enqueue(newJob('b'), 0);
        expect((await store.claim(0, 0))!.id).toBe('a');
        expect((await store.claim(1e12, LEASE_MS))!.id).toBe('b');
      });
    });

    describe('unfinished', () => {
      it('lists every job still held, ready (a retry waiting included) or leased, and nothing done or dead', async () => {
        const store = await make();
        for (const id of ['done', 'dead', 'retrying', 'leased', 'ready']) await store.enqueue(newJob(id), 0);
        const [done, dead, retrying] = [(await store.claim(0, LEASE_MS))!, (await store.claim(0, LEASE_MS))!, (await store.claim(0, LEASE_MS))!];
        await store.claim(0, LEASE_MS); // 'leased'
        await store.complete(done.id, done.lease, 1);
        await store.fail(dead.id, dead.lease, 1, 'fatal', null);
        await store.fail(retrying.id, retrying.lease, 1, 'busy', 500);
        const held = (await store.unfinished()).sort((a, b) => a.id.localeCompare(b.id));
        expect(held).toEqual([
          { id: 'leased', state: 'leased' },
          { id: 'ready', state: 'ready' },
          { id: 'retrying', state: 'ready' },
        ]);
      });
    });

    describe('leases', () => {
      it('reclaims only leases that ended before now', async () => {
        const store = await make();
        await store.enqueue(newJob('a'), 0);
        await store.enqueue(newJob('b'), 0);
        await store.claim(0, 100); // a until 100
        await store.claim(50, 100); // b until 150
        expect(await store.reclaimExpired(100)).toBe(0);
        expect(await store.reclaimExpired(101)).toBe(1);
        expect(await store.counts()).toEqual({ ready: 1, leased: 1, done: 0, dead: 0 });
        expect(await store.reclaimExpired(151)).toBe(1);
        expect(await store.reclaimExpired(1000)).toBe(0);
        expect(await store.counts()).toEqual({ ready: 2, leased: 0, done: 0, dead: 0 });
      });

      it('hands a reclaimed job out again with the next attempt and a new token', async () => {
        const store = await make();
        await store.enqueue(newJob('a', 1, 3), 0);
        const first = (await store.claim(0, 100))!;
        expect(await store.claim(50, 100)).toBeUndefined(); // still leased
        expect(await store.reclaimExpired(200)).toBe(1);
        const second = (await store.claim(200, 100))!;
        expect(second).toEqual(claimed(newJob('a', 1, 3), 2, second.lease));
        expect(second.lease).toBeGreaterThan(first.lease);
      });

      it('keeps a reclaimed job in its place in the order', async () => {
        const store = await make();
        await store.enqueue(newJob('old'), 0);
        await store.enqueue(newJob('young'), 1);
        await store.claim(2, 10); // old until 12
        expect(await store.reclaimExpired(13)).toBe(1);
        expect(await drainAll(store, 13)).toEqual(['old', 'young']);
      });

      it('lets a stale token neither complete nor fail the job', async () => {
        const store = await make();
        await store.enqueue(newJob('a'), 0);
        const stale = (await store.claim(0, 100))!;
        await store.reclaimExpired(101);
        // Reclaimed but not claimed again: nobody holds it.
        expect(await store.complete('a', stale.lease, 102)).toBe(false);
        expect(await store.fail('a', stale.lease, 102, 'late', null)).toBe(false);
        const fresh = (await store.claim(103, 100))!;
        expect(await store.complete('a', stale.lease, 104)).toBe(false);
        expect(await store.fail('a', stale.lease, 104, 'late', 105)).toBe(false);
        expect(await store.counts()).toEqual({ ready: 0, leased: 1, done: 0, dead: 0 });
        expect(await store.complete('a', fresh.lease, 105)).toBe(true);
        expect(await store.counts()).toEqual({ ready: 0, leased: 0, done: 1, dead: 0 });
      });

      it('rejects a wrong token, an unknown id, a ready job and a second completion', async () => {
        const store = await make();
        await store.enqueue(newJob('a'), 0);
        await store.enqueue(newJob('b'), 0);
        const a = (await store.claim(0, LEASE_MS))!;
        expect(await store.complete('a', a.lease + 1000, 1)).toBe(false);
        expect(await store.complete('nope', a.lease, 1)).toBe(false);
        expect(await store.complete('b', a.lease, 1)).toBe(false); // b is ready, not leased
        expect(await store.fail('b', a.lease, 1, 'x', null)).toBe(false);
        expect(await store.complete('a', a.lease, 2)).toBe(true);
        expect(await store.complete('a', a.lease, 3)).toBe(false);
        expect(await store.fail('a', a.lease, 3, 'x', null)).toBe(false);
        expect(await store.counts()).toEqual({ ready: 1, leased: 0, done: 1, dead: 0 });
        expect(await store.deadLetters()).toEqual([]);
      });

      it('dead-letters a poison job once its lease expired more than maxStalled times, with why', async () => {
        const store = await make();
        await store.enqueue(newJob('poison', 1, 100), 0);
        await store.enqueue(newJob('healthy', 2, 100), 0);
        // Each round a worker claims the poison job and dies holding it: its lease runs out.
        for (let round = 0; round < 2; round++) {
          const t = round * 1000;
          expect((await store.claim(t, 100))!.id).toBe('poison');
          expect(await store.reclaimExpired(t + 101, 2)).toBe(1);
        }
        expect((await store.claim(2000, 100))!).toMatchObject({ id: 'poison', attempts: 3 });
        expect(await store.reclaimExpired(2101, 2)).toBe(0);
        expect(await store.counts()).toEqual({ ready: 1, leased: 0, done: 0, dead: 1 });
        expect(await store.deadLetters()).toEqual([{ id: 'poison', reason: stalledReason(2) }]);
        expect(stalledReason(2)).toMatch(/^stalled 3 times: its lease expired each time/);
        expect(await drainAll(store, 2102)).toEqual(['healthy']); // the queue goes on
      });

      it('never dead-letters a stalled job without a limit, and at maxStalled 0 on its first stall', async () => {
        const store = await make();
        await store.enqueue(newJob('a', 1, 100), 0);
        for (let round = 0; round < 5; round++) {
          await store.claim(round * 1000, 100);
          expect(await store.reclaimExpired(round * 1000 + 101)).toBe(1);
        }
        await store.enqueue(newJob('b', 0, 100), 0);
        expect((await store.claim(6000, 100))!.id).toBe('b');
        expect(await store.reclaimExpired(6101, 0)).toBe(0);
        expect(await store.deadLetters()).toEqual([{ id: 'b', reason: stalledReason(0) }]);
        expect(await store.counts()).toEqual({ ready: 1, leased: 0, done: 0, dead: 1 });
      });

      it('accepts the holder completing after its lease ended if nobody reclaimed it yet', async () => {
        const store = await make();
        await store.enqueue(newJob('a'), 0);
        const a = (await store.claim(0, 100))!;
        expect(await store.complete('a', a.lease, 500)).toBe(true);
        expect(await store.reclaimExpired(600)).toBe(0);
      });
    });

    describe('fail', () => {
      it('makes a failed job ready again at retryAt, not before', async () => {
        const store = await make();
        await store.enqueue(newJob('a', 1, 3), 0);
        const a = (await store.claim(0, LEASE_MS))!;
        expect(await store.fail('a', a.lease, 10, '529 overloaded', 50)).toBe(true);
        expect(await store.counts()).toEqual({ ready: 1, leased: 0, done: 0, dead: 0 });
        expect(await store.claim(49, LEASE_MS)).toBeUndefined();
        const again = (await store.claim(50, LEASE_MS))!;
        expect(again).toEqual(claimed(newJob('a', 1, 3), 2, again.lease));
        expect(again.lease).toBeGreaterThan(a.lease);
      });

      it('lets due jobs pass a job waiting for its retry, then puts it back in its place', async () => {
        const store = await make();
        await store.enqueue(newJob('first'), 0);
        await store.enqueue(newJob('second'), 1);
        await store.enqueue(newJob('third'), 2);
        const first = (await store.claim(3, LEASE_MS))!;
        await store.fail(first.id, first.lease, 4, 'timeout', 100);
        expect((await store.claim(5, LEASE_MS))!.id).toBe('second');
        expect((await store.claim(99, LEASE_MS))!.id).toBe('third');
        expect(await store.claim(99, LEASE_MS)).toBeUndefined();
        await store.enqueue(newJob('fourth'), 99);
        expect(await drainAll(store, 100)).toEqual(['first', 'fourth']);
      });

      it('dead-letters after maxAttempts with the last reason', async () => {
        const store = await make();
        await store.enqueue(newJob('a', 1, 2), 0);
        const one = (await store.claim(0, LEASE_MS))!;
        expect(await store.fail('a', one.lease, 1, 'attempt 1: 529', 10)).toBe(true);
        const two = (await store.claim(10, LEASE_MS))!;
        expect(two.attempts).toBe(2);
        expect(await store.fail('a', two.lease, 11, 'attempt 2: 529', 20)).toBe(true);
        expect(await store.counts()).toEqual({ ready: 0, leased: 0, done: 0, dead: 1 });
        expect(await store.deadLetters()).toEqual([{ id: 'a', reason: 'attempt 2: 529' }]);
        expect(await store.claim(1000, LEASE_MS)).toBeUndefined();
        expect(await store.enqueue(newJob('a'), 1000)).toBe('exists');
      });

      it('dead-letters at once when retryAt is null, whatever attempts are left', async () => {
        const store = await make();
        await store.enqueue(newJob('a', 1, 5), 0);
        const a = (await store.claim(0, LEASE_MS))!;
        expect(await store.fail('a', a.lease, 1, '400 invalid_request_error', null)).toBe(true);
        expect(await store.counts()).toEqual({ ready: 0, leased: 0, done: 0, dead: 1 });
        expect(await store.deadLetters()).toEqual([{ id: 'a', reason: '400 invalid_request_error' }]);
      });

      it('lists dead letters in the order they died', async () => {
        const store = await make();
        for (const id of ['a', 'b', 'c']) await store.enqueue(newJob(id, 1, 1), 0);
        const [a, b, c] = [(await store.claim(0, LEASE_MS))!, (await store.claim(0, LEASE_MS))!, (await store.claim(0, LEASE_MS))!];
        await store.fail(c.id, c.lease, 5, 'c failed', null);
        await store.fail(a.id, a.lease, 6, 'a failed', null);
        await store.fail(b.id, b.lease, 6, 'b failed', 100); // no attempts left: dead
        expect(await store.deadLetters()).toEqual([
          { id: 'c', reason: 'c failed' },
          { id: 'a', reason: 'a failed' },
          { id: 'b', reason: 'b failed' },
        ]);
      });
    });

    it('keeps exact counts through a whole life cycle', async () => {
      const store = await make(10);
      for (let i = 0; i < 6; i++) await store.enqueue(newJob(`j${i}`, 1, 2), 0);
      expect(await store.counts()).toEqual({ ready: 6, leased: 0, done: 0, dead: 0 });
      const jobs: ClaimedJob[] = [];
      for (let i = 0; i < 5; i++) jobs.push((await store.claim(1, 100))!);
      expect(await store.counts()).toEqual({ ready: 1, leased: 5, done: 0, dead: 0 });
      await store.complete(jobs[0].id, jobs[0].lease, 2);
      await store.complete(jobs[1].id, jobs[1].lease, 2);
      await store.fail(jobs[2].id, jobs[2].lease, 2, 'retry me', 3);
      await store.fail(jobs[3].id, jobs[3].lease, 2, 'fatal', null);
      expect(await store.counts()).toEqual({ ready: 2, leased: 1, done: 2, dead: 1 });
      expect(await store.reclaimExpired(200)).toBe(1); // jobs[4]
      expect(await store.counts()).toEqual({ ready: 3, leased: 0, done: 2, dead: 1 });
      const rest = [(await store.claim(200, 100))!, (await store.claim(200, 100))!, (await store.claim(200, 100))!];
      expect(rest.map((j) => [j.id, j.attempts])).toEqual([
        ['j2', 2],
        ['j4', 2],
        ['j5', 1],
      ]);
      for (const j of rest) await store.complete(j.id, j.lease, 201);
      expect(await store.counts()).toEqual({ ready: 0, leased: 0, done: 5, dead: 1 });
      expect(await store.deadLetters()).toEqual([{ id: 'j3', reason: 'fatal' }]);
    });
  });
}
