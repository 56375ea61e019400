// The API process: takes jobs over HTTP, puts them on a BullMQ queue in Redis, answers 202
// (or 429 with Retry-After when the queue is full), and exposes /health and /metrics
// (Prometheus text). It never calls Claude itself: worker.mjs does.
// Env: PORT (3000), CAPACITY (jobs waiting before it sheds, 500), QUEUE_PREFIX, REDIS_HOST/PORT.
import express from 'express';
import { Queue } from 'bullmq';
import { connection, counterKey, COUNTERS, prefix, QUEUE } from './shared.mjs';

const port = Number(process.env.PORT ?? 3000);
const capacity = Number(process.env.CAPACITY ?? 500);
const queue = new Queue(QUEUE, { connection, prefix });
const redis = await queue.client;

/** Jobs accepted and not finished: waiting, delayed for a retry, or in a worker's hands (a crashed worker's stay "active" until BullMQ's stalled check). */
async function depth() {
  const c = await queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active');
  return c.waiting + c.prioritized + c.delayed + c.active;
}

const app = express();
app.use(express.json({ limit: '1mb' }));

app.post('/jobs', async (req, res) => {
  const { id, prompt, max_tokens } = req.body ?? {};
  if (typeof id !== 'string' || typeof prompt !== 'string') return res.status(400).json({ error: 'expected { id, prompt }' });
  if ((await depth()) >= capacity) {
    await redis.incr(counterKey('shed'));
    return res.status(429).set('retry-after', '1').json({ error: 'queue full' });
  }
  // jobId = the caller's id: a retried POST does not queue the same job twice.
  await queue.add(
    'claude',
    { id, prompt, max_tokens: max_tokens ?? 256 },
    { jobId: id, attempts: 3, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: true, removeOnFail: 1000 },
  );
  await redis.incr(counterKey('accepted'));
  res.status(202).json({ status: 'queued', id });
});

app.get('/health', (_req, res) => res.json({ ok: true }));

app.get('/metrics', async (_req, res) => {
  const values = await redis.mget(COUNTERS.map(counterKey));
  const lines = ['# TYPE queue_depth gauge', `queue_depth ${await depth()}`];
  COUNTERS.forEach((name, i) => lines.push(`# TYPE jobs_${name}_total counter`, `jobs_${name}_total ${Number(values[i] ?? 0)}`));
  res.type('text/plain; version=0.0.4').send(`${lines.join('\n')}\n`);
});

const server = app.listen(port, '127.0.0.1', () => console.log(`api listening on http://127.0.0.1:${port}`));
process.once('SIGTERM', () => server.close(() => void queue.close().finally(() => process.exit(0))));
