import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen, type RunningServer } from '../backend/mock-server.js';
import type { Clock } from '../time/index.js';
import type { Admission } from '../strategy/index.js';
import { priorityIndex, ServiceDownError, type ServiceCore } from './core.js';

/** The body gameday's load generator posts to `POST /v1/jobs`. */
export interface JobRequest {
  id: string;
  priority?: string;
  input_tokens?: number;
  max_tokens?: number;
}

/**
 * The service's HTTP face on loopback. `POST /v1/jobs` answers 202 once admitted (or 429/503
 * with Retry-After, or 500); with `?wait=1` it answers 200 only when the job is processed, which
 * is what a closed-loop capacity probe needs. `GET /stats` is the service's own metrics.
 */
export async function startServiceHttp(
  core: ServiceCore,
  clock: Clock,
  opts: { host?: string; port?: number; waiters?: Map<string, (ok: boolean) => void> } = {},
): Promise<RunningServer> {
  // Callers of `?wait=1`, resolved by whoever wires the core's onSettled to this map.
  const waiters = opts.waiters ?? new Map<string, (ok: boolean) => void>();
  const server = createServer((req, res) => {
    if (core.dead) return void req.socket.destroy(); // a dead process answers nothing
    if (req.method === 'GET' && req.url === '/stats') return json(res, 200, { ...core.counters(), depth: core.depth(), in_flight: core.inFlight() });
    if (req.method === 'GET' && req.url === '/healthz') return json(res, 200, { ok: true });
    if (req.method === 'POST' && req.url?.startsWith('/v1/jobs')) return void handleJob(req, res, core, clock, waiters);
    json(res, 404, { error: `no route ${req.method} ${req.url}` });
  });
  return listen(server, opts.host ?? '127.0.0.1', opts.port ?? 0);
}

async function handleJob(
  req: IncomingMessage,
  res: ServerResponse,
  core: ServiceCore,
  clock: Clock,
  waiters: Map<string, (ok: boolean) => void>,
): Promise<void> {
  let body: JobRequest;
  try {
    body = JSON.parse(await readBody(req)) as JobRequest;
    if (typeof body.id !== 'string') throw new Error('`id` must be a string');
  } catch (e) {
    return json(res, 400, { error: `bad job: ${(e as Error).message}` });
  }
  const gone = new AbortController();
  res.on('close', () => gone.abort());
  const job = {
    id: body.id,
    priority: priorityIndex(body.priority),
    inputTokens: body.input_tokens ?? 200,
    maxTokens: body.max_tokens ?? 256,
    admittedAt: clock.now(),
  };
  const wait = req.url!.includes('wait=1') ? new Promise<boolean>((r) => waiters.set(job.id, r)) : undefined;
  let admission: Admission;
  try {
    admission = await core.submit(job, gone.signal);
  } catch (e) {
    if (e instanceof ServiceDownError) return void req.socket.destroy();
    return json(res, 500, { error: String(e) });
  }
  if (admission.kind !== 'accepted') waiters.delete(job.id);
  if (admission.kind === 'shed')
    return json(
      res,
      admission.status,
      { error: 'overloaded', reason: admission.reason, retry_after: admission.retryAfterS },
      { 'retry-after': String(admission.retryAfterS) },
    );
  if (admission.kind === 'rejected') return json(res, admission.status, { error: 'internal error', reason: admission.reason });
  if (!wait) return json(res, 202, { status: 'queued', id: job.id });
  const ok = await wait;
  waiters.delete(job.id);
  json(res, ok ? 200 : 502, { status: ok ? 'done' : 'failed', id: job.id });
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let s = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (s += c));
    req.on('end', () => resolve(s));
    req.on('error', reject);
  });
}
