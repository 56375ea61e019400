// A service behind HTTPS and a bearer token, with a body shape of its own: POST /v2/work
// { job: { ref, urgency }, text, limit }. A request without the right token is answered 401 and
// never queued; so is GET /health, which answers { status: 'ok' }. Each accepted job is one SDK call (maxRetries 0) with `text` as the prompt. On
// SIGTERM it writes what it saw to its output: authorized jobs, refused ones, calls answered.
// Env: PORT, CERT and KEY (PEM files), TOKEN_FILE (the token it expects, read from a file so it
// is never in the scenario), PIDFILE.
import Anthropic from '@anthropic-ai/sdk';
import express from 'express';
import { appendFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:https';

if (process.env.PIDFILE) appendFileSync(process.env.PIDFILE, `${process.pid}\n`);
const token = readFileSync(process.env.TOKEN_FILE, 'utf8').trim();
const claude = new Anthropic({ maxRetries: 0 });
const truth = { accepted: 0, unauthorized: 0, malformed: 0, answered: 0, urgencies: {}, health_authorized: 0, health_unauthorized: 0 };
const refs = new Set();

const app = express();
app.use(express.json());
app.get('/health', (req, res) => {
  if (req.get('authorization') !== `Bearer ${token}`) {
    truth.health_unauthorized++;
    return void res.status(401).json({ error: 'unauthorized' });
  }
  truth.health_authorized++;
  res.json({ status: 'ok' });
});
app.post('/v2/work', (req, res) => {
  if (req.get('authorization') !== `Bearer ${token}`) {
    truth.unauthorized++;
    return void res.status(401).json({ error: 'unauthorized' });
  }
  const { job, text, limit } = req.body ?? {};
  if (typeof job?.ref !== 'string' || typeof text !== 'string' || typeof limit !== 'number') {
    truth.malformed++;
    return void res.status(400).json({ error: 'expected { job: { ref }, text, limit }' });
  }
  truth.accepted++;
  refs.add(job.ref);
  truth.urgencies[job.urgency] = (truth.urgencies[job.urgency] ?? 0) + 1;
  res.status(202).json({ queued: job.ref });
  claude.messages
    .create({ model: 'claude-haiku-4-5', max_tokens: limit, messages: [{ role: 'user', content: text }] })
    .then(() => truth.answered++)
    .catch(() => undefined);
});

const server = createServer({ cert: readFileSync(process.env.CERT), key: readFileSync(process.env.KEY) }, app);
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening (https)'));
process.once('SIGTERM', () => {
  console.log(`truth ${JSON.stringify({ ...truth, distinct_refs: refs.size })}`);
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
