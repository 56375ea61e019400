/**
 * express + p-queue, the way many services start: answer 202 at once, queue the job in memory
 * with a fixed concurrency, and when the queue is "full" drop the job, still after the 202.
 * Env: CAPACITY (queued jobs kept), WORKERS (p-queue concurrency), MODE (see kit.ts Mode, or
 * `batch` for 5 jobs per call), SDK_MAX_RETRIES, DELIVERY (`callback` or `status`: how it reports
 * results, see kit.ts deliver), LOSE_EVERY and FAIL_EVERY; OVERFLOW=batch sends what does not fit the queue
 * to Claude as a Message Batch every 300 ms instead of dropping it (see kit.ts offloadBatch).
 */
import express from 'express';
import PQueue from 'p-queue';
import type { AddressInfo } from 'node:net';
import { announce, deliver, envInt, offloadBatch, Truth, work, workBatch, type Job, type Mode } from './kit.js';

const capacity = envInt('CAPACITY', 1_000_000);
const mode = (process.env.MODE ?? 'plain') as Mode | 'batch';
const delivery = process.env.DELIVERY as 'callback' | 'status' | undefined;
const overflow = process.env.OVERFLOW;
let overflowed: Job[] = [];
if (overflow === 'batch')
  setInterval(() => {
    if (overflowed.length === 0) return;
    const jobs = overflowed;
    overflowed = [];
    void offloadBatch(jobs, truth);
  }, 300).unref();
const queue = new PQueue({ concurrency: envInt('WORKERS', 4) });
const truth = new Truth();
const BATCH = 5;
let batch: Job[] = [];

const app = express();
app.use(express.json({ limit: '1mb' }));

app.post('/jobs', (req, res) => {
  const job = req.body as Job;
  truth.received(job.id, 202);
  res.status(202).json({ status: 'queued' });
  if (queue.size >= capacity && overflow === 'batch') return void overflowed.push(job); // sent as a Message Batch
  if (queue.size >= capacity) {
    truth.of(job.id).dropped = true; // the silent drop: the caller already heard 202
    return;
  }
  if (mode !== 'batch') {
    void queue.add(async () => {
      await work(job, mode, truth, envInt('SDK_MAX_RETRIES', 0));
      if (delivery) await deliver(job, truth, delivery, { lose: envInt('LOSE_EVERY', 0), fail: envInt('FAIL_EVERY', 0) });
    });
    return;
  }
  batch.push(job);
  if (batch.length === BATCH) {
    const jobs = batch;
    batch = [];
    void queue.add(() => workBatch(jobs, truth));
  }
});

app.get('/truth', (_req, res) => res.json(truth.table()));
// With DELIVERY=status: each job's state, as a service with a job API reports it.
app.get('/jobs/:id', (req, res) => {
  const t = truth.table()[req.params.id];
  if (!t) return void res.status(404).json({ error: 'no such job' });
  res.json(t.delivered ? { state: t.delivered, error: t.reason ?? null } : { state: 'queued' });
});

const server = app.listen(0, '127.0.0.1', () => announce((server.address() as AddressInfo).port));
