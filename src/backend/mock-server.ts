import { httpUrl, localHost } from './address.js';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BackendError, type Clock } from '../model/index.js';
import type { MockClaude } from './mock-model.js';
import { routeMockRequest } from './mock-routes.js';
import { formatSse } from './sse.js';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** One HTTP exchange with the mock, as a `--verbose` line tells it. */
export interface MockExchange {
  method: string;
  path: string;
  status: number;
  /** The API's `request-id`. */
  requestId?: string;
  /** The error `type` of a refusal, or of an `event: error` that cut a stream. */
  errorType?: string;
  streamed: boolean;
  /** The caller went away (or a fault dropped the connection) before the answer was whole. */
  cut: boolean;
  /** When the request arrived, on the watcher's clock. */
  at: number;
  /** From the request's arrival to the answer's last byte. */
  ms: number;
}

/** Who watches the server's exchanges: told when each request arrives and when each answer ends. */
export interface MockWatcher {
  clock: Clock;
  /** Before the request is routed: the first one may move the model's clock origin (`--at-first-request`). */
  onRequest?(): void;
  onExchange?(e: MockExchange): void;
}

/** A mock server that says how busy it is: calls in progress now, and calls received since it started. */
export interface MockServer extends RunningServer {
  activity(): { inFlight: number; received: number };
}

/**
 * The mock Claude as a plain HTTP server on loopback, for a service in another process (msw
 * only intercepts inside its own process). Point any service at it with ANTHROPIC_BASE_URL.
 * Routes: see routeMockRequest.
 */
export async function startMockServer(model: MockClaude, opts: { host?: string; port?: number; watcher?: MockWatcher } = {}): Promise<MockServer> {
  const watcher = opts.watcher;
  let inFlight = 0;
  let received = 0;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') return void res.end('ok');
    received++;
    inFlight++;
    watcher?.onRequest?.();
    const startedAt = watcher?.clock.now() ?? 0;
    const seen: Partial<MockExchange> = { status: 0, streamed: false };
    let done = false;
    const end = () => {
      if (!done) inFlight--;
      done = true;
    };
    const aborted = new AbortController();
    res.on('close', () => {
      end();
      aborted.abort();
      if (watcher?.onExchange) {
        const e = { method: req.method ?? 'GET', path, ...seen, cut: !res.writableFinished, at: startedAt, ms: watcher.clock.now() - startedAt };
        watcher.onExchange(e as MockExchange);
      }
    });
    readJson(req)
      .then((body) => routeMockRequest(model, { method: req.method ?? 'GET', path, header: (n) => firstHeader(req.headers[n]), body }, aborted.signal))
      .then(async (a) => {
        res.writeHead(a.status, a.headers);
        Object.assign(seen, { status: a.status, requestId: a.headers['request-id'], streamed: a.stream !== undefined });
        seen.errorType = (a.body as { error?: { type?: string } } | undefined)?.error?.type;
        if (!a.stream) return void res.end(a.text ?? JSON.stringify(a.body));
        try {
          for await (const e of a.stream) {
            // The caller closed the connection: the rest of the answer reaches nobody (the stream ends aborted).
            if (aborted.signal.aborted) break;
            if (e.event === 'error') seen.errorType = (e.data as { error?: { type?: string } }).error?.type;
            res.write(formatSse(e));
          }
          res.end();
        } catch {
          res.destroy(); // the caller went away mid-stream
        }
      })
      .catch(() => res.destroy());
  });
  const running = await listen(server, opts.host ?? '127.0.0.1', opts.port ?? 0);
  return { ...running, activity: () => ({ inFlight, received }) };
}

function firstHeader(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}

/** The body as JSON, or undefined when it is empty or not JSON (the route decides what that means). */
function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve(text ? JSON.parse(text) : undefined);
      } catch {
        resolve(undefined);
      }
    });
    req.on('error', reject);
  });
}

export function listen(server: Server, host: string, port: number): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new BackendError(`cannot listen on ${host}:${port}: ${e.code ?? e.message}`)));
    server.keepAliveTimeout = 60_000;
    server.listen(port, host, () => {
      const { port: p } = server.address() as AddressInfo;
      resolve({
        // A wildcard address is no address to call: this machine calls loopback.
        url: httpUrl(localHost(host), p),
        port: p,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
