/**
 * fastify + @fastify/under-pressure: when its health check says the work queue is full, every
 * request is answered 503 with Retry-After, and the caller knows to come back. Env: CAPACITY,
 * WORKERS, MODE.
 */
import Fastify from 'fastify';
import underPressure from '@fastify/under-pressure';
import PQueue from 'p-queue';
import { announce, envInt, Truth, work, type Job, type Mode } from './kit.js';

const capacity = envInt('CAPACITY', 10);
const mode = (process.env.MODE ?? 'plain') as Mode;
const queue = new PQueue({ concurrency: envInt('WORKERS', 2) });
const truth = new Truth();

const app = Fastify();
await app.register(underPressure, {
  // Checked on every request (no interval): full means waiting jobs at capacity.
  healthCheck: async () => queue.size < capacity,
  healthCheckInterval: 1,
  retryAfter: 1,
  pressureHandler: (req, rep, type) => {
    // Refused in onRequest, before the body is read: the job's id comes from the header gameday sends with it.
    const id = req.headers['x-gameday-request-id'];
    if (typeof id === 'string') truth.received(id, 503);
    void rep.status(503).header('retry-after', '1').send({ error: 'under pressure', type });
  },
});

app.post('/jobs', async (req, reply) => {
  const job = req.body as Job;
  truth.received(job.id, 202);
  void queue.add(() => work(job, mode, truth));
  return reply.status(202).send({ status: 'queued' });
});

app.get('/truth', async () => truth.table());

await app.listen({ port: 0, host: '127.0.0.1' });
announce((app.server.address() as { port: number }).port);
