// The Redis queue store against raw BullMQ and raw ioredis streams, measured in the same run on
// the same Redis (127.0.0.1:6379, or GAMEDAY_REDIS_URL). Reference: BullMQ 5, `Queue.add` + a
// `Worker` with a no-op processor (concurrency 16), from the first add to the last completion.
// The store does the same work as concurrent loops of enqueue + claim + complete (16 at once on
// one connection, so ioredis pipelines them); a loop of one shows the round-trip cost. Raw
// streams (XADD, XREADGROUP, XACK pipelined 100 at a time) show what Redis itself can do.
// Every row uses its own key prefix and deletes it. Run: npx tsx bench/redis.ts
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { DEFAULT_REDIS_URL } from '../src/model/queue-store.js';
import { RedisQueueStore } from '../src/store/index.js';
import type { BenchRow } from './store.js';

const URL_ = process.env.GAMEDAY_REDIS_URL ?? DEFAULT_REDIS_URL;
const N = 5_000;
const CONCURRENCY = 16;
const PAYLOAD = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 512, prompt: 'x'.repeat(120) });
const REFERENCE = `BullMQ Queue.add + Worker no-op, concurrency ${CONCURRENCY} (reference)`;
const prefix = () => `gameday-bench:${randomBytes(4).toString('hex')}`;

async function storeCycles(loops: number): Promise<number> {
  const store = await RedisQueueStore.open({ url: URL_, prefix: prefix(), capacity: N, owner: true });
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (next < N) {
        const i = next++;
        await store.enqueue({ id: `req-${i}`, priority: i % 4, payload: PAYLOAD, maxAttempts: 3 }, i);
        const job = await store.claim(i, 30_000);
        if (job) await store.complete(job.id, job.lease, i);
      }
    }),
  );
  const rate = N / ((performance.now() - start) / 1000);
  const done = (await store.counts()).done;
  await store.close();
  if (done !== N) throw new Error(`store bench: ${done} of ${N} done`);
  return rate;
}

async function bullmq(): Promise<number> {
  const connection = { url: URL_ };
  const name = `bench-${randomBytes(4).toString('hex')}`;
  const queue = new Queue(name, { connection, prefix: 'gameday-bench' });
  let completed = 0;
  let resolveAll: () => void = () => undefined;
  const all = new Promise<void>((r) => (resolveAll = r));
  const start = performance.now();
  const worker = new Worker(name, async () => undefined, { connection, prefix: 'gameday-bench', concurrency: CONCURRENCY });
  worker.on('completed', () => ++completed === N && resolveAll());
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < N) {
        const i = next++;
        await queue.add('job', { payload: PAYLOAD }, { jobId: `req-${i}`, priority: (i % 4) + 1, removeOnComplete: true });
      }
    }),
  );
  await all;
  const rate = N / ((performance.now() - start) / 1000);
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return rate;
}

async function streams(batch = 100): Promise<number> {
  const redis = new Redis(URL_);
  const key = `${prefix()}:stream`;
  await redis.xgroup('CREATE', key, 'g', '$', 'MKSTREAM');
  const start = performance.now();
  for (let done = 0; done < N; done += batch) {
    const add = redis.pipeline();
    for (let i = 0; i < batch; i++) add.xadd(key, '*', 'p', PAYLOAD);
    await add.exec();
    const read = (await redis.xreadgroup('GROUP', 'g', 'c', 'COUNT', batch, 'STREAMS', key, '>')) as [string, [string, string[]][]][];
    const ack = redis.pipeline();
    for (const [id] of read[0][1]) ack.xack(key, 'g', id);
    await ack.exec();
  }
  const rate = N / ((performance.now() - start) / 1000);
  await redis.del(key);
  redis.disconnect();
  return rate;
}

export async function benchRedis(): Promise<BenchRow[]> {
  const reference = await bullmq();
  const measured: [string, number][] = [
    [REFERENCE, reference],
    [`RedisQueueStore enqueue+claim+complete, ${CONCURRENCY} loops`, await storeCycles(CONCURRENCY)],
    ['RedisQueueStore enqueue+claim+complete, 1 loop', await storeCycles(1)],
    ['ioredis XADD/XREADGROUP/XACK, pipelined by 100', await streams()],
  ];
  return measured.map(([name, ops]) => ({ name, ops_per_s: Math.round(ops), ratio_to_reference: ops / reference, reference: REFERENCE }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { formatRows } = await import('./store.js');
  console.log(formatRows(await benchRedis()).replace(/median of \d+ runs of \d+/, `one run of ${N}`));
}
