import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/model/errors.js';
import { DEFAULT_REDIS_URL } from '../../src/model/queue-store.js';
import { queueKeys, RedisQueueStore } from '../../src/store/index.js';
import { newJob, storeConformance } from './store.suite.js';

/** Every store of this file lives under its own prefix; the suite's close (owner) deletes its keys. */
const run = `gameday-test:${randomBytes(4).toString('hex')}`;
let stores = 0;
const url = process.env.GAMEDAY_REDIS_URL ?? DEFAULT_REDIS_URL;
const prefixes: string[] = [];
const fresh = (capacity: number, owner = true) => {
  const prefix = `${run}:${++stores}`;
  prefixes.push(prefix);
  return RedisQueueStore.open({ url, prefix, capacity, owner });
};

const admin = new Redis(url, { lazyConnect: true });
afterAll(async () => {
  // Nothing of this file may stay behind, whatever failed.
  await admin.connect().catch(() => undefined);
  const left = prefixes.flatMap((p) => Object.values(queueKeys(p)));
  if (left.length) await admin.del(...left);
  admin.disconnect();
});

storeConformance('redis', (opts) => fresh(opts.capacity));

describe('RedisQueueStore', () => {
  it('shares one queue between handles: capacity is checked across all of them, atomically', async () => {
    const a = await fresh(50);
    const prefix = a.prefix;
    const b = await RedisQueueStore.open({ url, prefix, capacity: 50 });
    // 200 offers at once from two handles (two connections): exactly 50 get in.
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).enqueue(newJob(`j${i}`), 0)));
    expect(answers.filter((x) => x === 'added')).toHaveLength(50);
    expect(answers.filter((x) => x === 'full')).toHaveLength(150);
    expect(await b.counts()).toEqual({ ready: 50, leased: 0, done: 0, dead: 0 });
    // Claims racing from both handles never hand out one job twice.
    const claims = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).claim(1, 1000)));
    const ids = claims.filter((c) => c !== undefined).map((c) => c.id);
    expect(ids).toHaveLength(50);
    expect(new Set(ids).size).toBe(50);
    await b.close();
    await a.close();
  });

  it('keeps two prefixes apart and removes its keys on close when it owns them', async () => {
    const one = await fresh(10);
    const two = await fresh(10);
    await one.enqueue(newJob('same-id'), 0);
    expect(await two.enqueue(newJob('same-id'), 0)).toBe('added');
    expect((await one.claim(0, 1000))?.id).toBe('same-id');
    expect(await two.counts()).toEqual({ ready: 1, leased: 0, done: 0, dead: 0 });
    const guest = await RedisQueueStore.open({ url, prefix: one.prefix, capacity: 10 });
    await guest.close(); // not the owner: the queue stays
    expect(await one.existingKeys()).toBeGreaterThan(0);
    await one.close();
    await admin.connect().catch(() => undefined);
    expect(await admin.exists(...Object.values(queueKeys(one.prefix)))).toBe(0);
    await two.close();
  });

  it('names an unreachable Redis with a StoreError at open', async () => {
    const err = await RedisQueueStore.open({ url: 'redis://127.0.0.1:1', prefix: `${run}:none`, capacity: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toMatch(
      /^Redis at redis:\/\/127\.0\.0\.1:1 cannot be reached \(.*ECONNREFUSED.*\): start redis-server or set the store's `url`$/,
    );
  });
});
