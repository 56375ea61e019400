// The worker process: takes jobs from the BullMQ queue and sends each prompt to Claude through
// the official SDK, which reads ANTHROPIC_BASE_URL and ANTHROPIC_API_KEY (gameday sets both to
// its mock when it starts this process). Counts what it finished in Redis for the API's /metrics.
// Env: CONCURRENCY (8), LOCK_DURATION and STALLED_INTERVAL (ms; BullMQ's defaults are 30000 —
// the example's scenario sets them short so a killed worker's jobs come back within seconds).
import Anthropic from '@anthropic-ai/sdk';
import { Worker } from 'bullmq';
import { connection, counterKey, prefix, QUEUE } from './shared.mjs';

const claude = new Anthropic({ maxRetries: 2 });
const model = process.env.MODEL ?? 'claude-haiku-4-5';

const worker = new Worker(
  QUEUE,
  async (job) => {
    const msg = await claude.messages.create({ model, max_tokens: job.data.max_tokens, messages: [{ role: 'user', content: job.data.prompt }] });
    await (await worker.client).incr(counterKey('done'));
    return { output_tokens: msg.usage.output_tokens };
  },
  {
    connection,
    prefix,
    concurrency: Number(process.env.CONCURRENCY ?? 8),
    lockDuration: Number(process.env.LOCK_DURATION ?? 30000),
    stalledInterval: Number(process.env.STALLED_INTERVAL ?? 30000),
  },
);
// Failed for good (its retries used up): counted once.
worker.on('failed', (job) => {
  if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) void worker.client.then((r) => r.incr(counterKey('failed')));
});
worker.on('ready', () => console.log(`worker ready (pid ${process.pid})`));
process.once('SIGTERM', () => void worker.close().finally(() => process.exit(0)));
