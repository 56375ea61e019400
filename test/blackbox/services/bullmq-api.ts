/**
 * The front of a BullMQ service: jobs go into a Redis-backed queue that a separate worker
 * process (bullmq-worker.ts) drains. When the queue holds CAPACITY waiting jobs it answers 503
 * with Retry-After as an HTTP-date (RFC 9110 allows it). Env: QUEUE, PREFIX, CAPACITY.
 * GET /truth merges its own truth with the worker's (kept in Redis).
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { announce, envInt, Truth, type Job, type TruthTable } from './kit.js';

const connection = { host: '127.0.0.1', port: 6379 };
const prefix = process.env.PREFIX!;
const queue = new Queue(process.env.QUEUE!, { connection, prefix });
const capacity = envInt('CAPACITY', 1000);
const truth = new Truth();

const app = express();
app.use(express.json({ limit: '1mb' }));

app.post('/jobs', async (req, res) => {
  const job = req.body as Job;
  if ((await queue.getWaitingCount()) >= capacity) {
    truth.received(job.id, 503);
    res
      .status(503)
      .set('retry-after', new Date(Date.now() + 2000).toUTCString())
      .json({ error: 'queue full' });
    return;
  }
  await queue.add('job', job, { jobId: job.id, removeOnComplete: true });
  truth.received(job.id, 202);
  res.status(202).json({ status: 'queued' });
});

app.get('/truth', async (_req, res) => {
  const merged = new Truth();
  merged.merge(truth.table());
  const worker = await (await queue.client).hgetall(`${prefix}:truth`);
  merged.merge(Object.fromEntries(Object.entries(worker).map(([id, t]) => [id, JSON.parse(t)])) as TruthTable);
  res.json(merged.table());
});

const server = app.listen(0, '127.0.0.1', () => announce((server.address() as AddressInfo).port));
process.once('SIGTERM', () => void queue.close().finally(() => process.exit(0)));
