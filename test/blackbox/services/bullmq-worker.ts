/**
 * The BullMQ worker, in its own process: takes jobs from the queue, calls Claude through the
 * SDK (SDK_MAX_RETRIES retries of its own), and fails the job into BullMQ's failed set when the
 * backend never answered. Its truth per id goes to a Redis hash the API process reads.
 * Env: QUEUE, PREFIX, WORKERS, SDK_MAX_RETRIES.
 */
import { Worker } from 'bullmq';
import { envInt, Truth, work, type Job } from './kit.js';

const connection = { host: '127.0.0.1', port: 6379 };
const prefix = process.env.PREFIX!;
const truth = new Truth();

const worker = new Worker<Job>(
  process.env.QUEUE!,
  async (job) => {
    await work(job.data, 'plain', truth, envInt('SDK_MAX_RETRIES', 0));
    const t = truth.of(job.data.id);
    await (await worker.client).hset(`${prefix}:truth`, { [job.data.id]: JSON.stringify({ ...t, received: 0, answers: [] }) });
    if (t.failed) throw new Error('Claude never answered');
  },
  { connection, prefix, concurrency: envInt('WORKERS', 2) },
);
worker.on('ready', () => process.stdout.write(`${JSON.stringify({ port: 0 })}\n`));
process.once('SIGTERM', () => void worker.close().finally(() => process.exit(0)));
