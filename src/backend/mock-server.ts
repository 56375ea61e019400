import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BackendError } from '../model/index.js';
import { errorBody } from './errors-body.js';
import type { MockClaude } from './mock-model.js';
import { REQUEST_ID_HEADER, estimateTokens, findRequestId } from './request-id.js';
import { formatSse } from './sse.js';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The mock Claude as a plain HTTP server on loopback, for a service in another process (msw
 * only intercepts inside its own process). Point any service at it with ANTHROPIC_BASE_URL.
 */
export async function startMockServer(model: MockClaude, opts: { host?: string; port?: number } = {}): Promise<RunningServer> {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/healthz') return void res.end('ok');
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify(errorBody(404, 'req_none', `No route ${req.method} ${req.url}`)));
    }
    const aborted = new AbortController();
    res.on('close', () => aborted.abort());
    readJson(req)
      .then((body) => {
        const b = body as { model?: string; max_tokens?: number; stream?: boolean };
        const header = req.headers[REQUEST_ID_HEADER];
        return model.answer(
          { requestId: findRequestId(Array.isArray(header) ? header[0] : header, body), model: b.model ?? 'unknown', maxTokens: b.max_tokens ?? 1024, inputTokens: estimateTokens(body), stream: b.stream === true },
          aborted.signal,
        );
      })
      .then(async (a) => {
        res.writeHead(a.status, a.headers);
        if (!a.stream) return void res.end(JSON.stringify(a.body));
        try {
          for await (const e of a.stream) res.write(formatSse(e));
          res.end();
        } catch {
          res.destroy(); // the caller went away mid-stream
        }
      })
      .catch(() => {
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify(errorBody(400, 'req_none', 'Malformed JSON body')));
        }
      });
  });
  return listen(server, opts.host ?? '127.0.0.1', opts.port ?? 0);
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (e) {
        reject(e);
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
        url: `http://${host}:${p}`,
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
