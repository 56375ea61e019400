import { httpUrl, localHost } from './address.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BackendError } from '../model/index.js';
import { type Clock } from '../time/index.js';
import { bodyLimit, declaredTooLarge, DEFAULT_MAX_CONNECTIONS, readBody, tooLargeAnswer, type BodyRead, type ServerLimits } from './mock-body.js';
import type { MockClaude } from './mock-model.js';
import { routeMockRequest } from './mock-routes.js';
import { formatSse } from './sse.js';

export interface RunningServer {
  /** Where this machine calls it (loopback when it listens on a wildcard address). */
  url: string;
  /** The address it listens on, as bound: 0.0.0.0 or :: for every interface. */
  address: string;
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

/**
 * A mock server that says how busy it is: calls in progress now, calls received since it started,
 * and connections it closed unanswered past its connection limit.
 */
export interface MockServer extends RunningServer {
  activity(): { inFlight: number; received: number; refusedConnections: number };
}

/**
 * The mock Claude as a plain HTTP server on loopback, for a service in another process (msw
 * only intercepts inside its own process). Point any service at it with ANTHROPIC_BASE_URL.
 * Routes: see routeMockRequest. A body over its limit is answered 413 as it arrives (or at once
 * from its Content-Length), never held whole; past `maxConnections` a connection is closed as
 * soon as it is accepted (see ServerLimits).
 */
export async function startMockServer(
  model: MockClaude,
  opts: { host?: string; port?: number; watcher?: MockWatcher } & ServerLimits = {},
): Promise<MockServer> {
  const watcher = opts.watcher;
  let inFlight = 0;
  let received = 0;
  let refusedConnections = 0;
  const handle = (req: IncomingMessage, res: ServerResponse, toldToWait = false) => {
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
    const limit = bodyLimit(req.method ?? 'GET', path, opts.maxBody);
    const read: Promise<BodyRead> = declaredTooLarge(req, limit) ? Promise.resolve({ tooLarge: true }) : readBody(req, limit);
    read
      .then((r) =>
        r.tooLarge
          ? tooLargeAnswer(model, toldToWait)
          : routeMockRequest(model, { method: req.method ?? 'GET', path, header: (n) => firstHeader(req.headers[n]), body: r.body }, aborted.signal),
      )
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
  };
  const server = createServer((req, res) => handle(req, res));
  // A caller that asks before sending its body (`Expect: 100-continue`) is told to send it only if
  // it may: a declared size over the limit gets its 413 instead, and never sends the body at all.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const refused = declaredTooLarge(req, bodyLimit(req.method ?? 'GET', (req.url ?? '/').split('?')[0], opts.maxBody));
    if (!refused) res.writeContinue();
    handle(req, res, refused);
  });
  // Node closes a connection past the limit as soon as it is accepted, before any byte is read.
  server.maxConnections = opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  server.on('drop', () => refusedConnections++);
  const running = await listen(server, opts.host ?? '127.0.0.1', opts.port ?? 0);
  return { ...running, activity: () => ({ inFlight, received, refusedConnections }) };
}

function firstHeader(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}

export function listen(server: Server, host: string, port: number): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new BackendError(`cannot listen on ${host}:${port}: ${e.code ?? e.message}`)));
    server.keepAliveTimeout = 60_000;
    server.listen(port, host, () => {
      const { port: p, address } = server.address() as AddressInfo;
      resolve({
        // A wildcard address is no address to call: this machine calls loopback.
        url: httpUrl(localHost(host), p),
        address,
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
