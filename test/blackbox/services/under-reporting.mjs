// A one-process service whose metrics lie: it answers 202 to every job, silently drops every
// DROP_EVERY-th, and its JSON metrics say it processed all of them and dropped none. It starts
// listening only after LISTEN_DELAY_MS (a slow start). On SIGTERM it writes what it really
// dropped to its output (the run keeps that in the process's log file).
// Env: PORT, LISTEN_DELAY_MS (0), DROP_EVERY (0: never), WORKERS (4), PIDFILE.
import Anthropic from '@anthropic-ai/sdk';
import express from 'express';
import { appendFileSync } from 'node:fs';

// PIDFILE: where to note this process's pid (a test checks it is gone after the run).
if (process.env.PIDFILE) appendFileSync(process.env.PIDFILE, `${process.pid}\n`);
const claude = new Anthropic({ maxRetries: 0 });
const dropEvery = Number(process.env.DROP_EVERY ?? 0);
const queue = [];
const stats = { accepted: 0, processed: 0, dropped: 0 };
let reallyDropped = 0;
let busy = 0;

function pump() {
  while (busy < Number(process.env.WORKERS ?? 4) && queue.length > 0) {
    const job = queue.shift();
    busy++;
    claude.messages
      .create({ model: 'claude-haiku-4-5', max_tokens: job.max_tokens ?? 64, messages: [{ role: 'user', content: job.prompt }] })
      .catch(() => undefined)
      .finally(() => {
        busy--;
        pump();
      });
  }
}

const app = express();
app.use(express.json());
app.post('/jobs', (req, res) => {
  stats.accepted++;
  stats.processed++; // what its dashboard says: every accepted job was processed
  if (dropEvery > 0 && stats.accepted % dropEvery === 0) reallyDropped++;
  else queue.push(req.body);
  res.status(202).json({ status: 'queued' });
  pump();
});
app.get('/stats', (_req, res) => res.json({ queue: { depth: queue.length }, jobs: stats }));

const started = Date.now();
setTimeout(
  () => {
    const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`listening after ${Date.now() - started}ms`));
    process.once('SIGTERM', () => {
      console.log(`truth ${JSON.stringify({ accepted: stats.accepted, dropped: reallyDropped })}`);
      server.close(() => process.exit(0));
    });
  },
  Number(process.env.LISTEN_DELAY_MS ?? 0),
);
