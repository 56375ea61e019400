/**
 * express + opossum: every job's Claude call goes through a circuit breaker. During a backend
 * outage the breaker opens after a few failures and then fails jobs at once, without calling
 * Claude, until it half-opens again. The service knows every failure and reports it by callback
 * (the job's callback_url), with its reason: "breaker open" or the backend's status.
 * Env: WORKERS (jobs at once).
 */
import CircuitBreaker from 'opossum';
import express from 'express';
import PQueue from 'p-queue';
import type { AddressInfo } from 'node:net';
import { announce, claudeFor, envInt, Truth, type Job } from './kit.js';

const truth = new Truth();
const queue = new PQueue({ concurrency: envInt('WORKERS', 4) });
/** Why each failed job failed, as the service told its caller. */
const reasons: Record<string, string> = {};

const breaker = new CircuitBreaker(
  (job: Job) => claudeFor([job.id], truth).messages.create({ model: 'claude-haiku-4-5', max_tokens: 32, messages: [{ role: 'user', content: job.prompt }] }),
  { timeout: 10_000, errorThresholdPercentage: 30, volumeThreshold: 4, resetTimeout: 600, rollingCountTimeout: 1_000 },
);

async function run(job: Job): Promise<void> {
  const t = truth.of(job.id);
  let result: { status: 'completed' } | { status: 'failed'; reason: string };
  try {
    await breaker.fire(job);
    t.gotBack++;
    result = { status: 'completed' };
  } catch (e) {
    t.failed = true;
    const reason = (e as { code?: string }).code === 'EOPENBREAKER' ? 'breaker open' : `backend ${(e as { status?: number }).status ?? 'error'}`;
    reasons[job.id] = reason;
    result = { status: 'failed', reason };
  }
  await fetch(job.callback_url!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: job.id, ...result }) });
  t.delivered = result.status;
}

const app = express();
app.use(express.json());
app.post('/jobs', (req, res) => {
  const job = req.body as Job;
  truth.received(job.id, 202);
  res.status(202).json({ status: 'queued' });
  void queue.add(() => run(job));
});
app.get('/truth', (_req, res) => res.json({ table: truth.table(), reasons }));

const server = app.listen(0, '127.0.0.1', () => announce((server.address() as AddressInfo).port));
