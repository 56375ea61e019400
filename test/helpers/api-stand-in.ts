import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the stand-in received, by its own clock. */
export interface StandInCall {
  method: string;
  path: string;
  at: number;
  apiKey: string | undefined;
  /** The gameday request id the body carried (metadata.user_id), if any. */
  userId?: string;
}

export interface StandIn {
  url: string;
  calls: StandInCall[];
  /** A stream's last events have been written. */
  stopSent(): boolean;
  close(): Promise<void>;
}

/**
 * A local stand-in for the Claude API, knowing nothing of gameday: it answers the Messages API
 * (plain or streamed), `GET /v1/models/{id}` for the models it is given, and keeps its own list of
 * every request it received. `overloadedEvery: n` answers every n-th Messages call 529 itself.
 */
export async function startApiStandIn(
  opts: {
    models?: string[];
    overloadedEvery?: number;
    latencyMs?: number;
    /** A stream waits this long before its last events. */ holdBeforeStopMs?: number;
  } = {},
): Promise<StandIn> {
  const models = opts.models ?? ['claude-haiku-4-5'];
  const calls: StandInCall[] = [];
  let messages = 0;
  let stopSent = false;
  const server = createServer((req, res) => {
    void readJson(req).then(async (body) => {
      const path = (req.url ?? '/').split('?')[0];
      const b = body as { model?: string; stream?: boolean; metadata?: { user_id?: string } } | undefined;
      calls.push({ method: req.method ?? '', path, at: Date.now(), apiKey: header(req, 'x-api-key'), userId: b?.metadata?.user_id });
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_standin_${calls.length}` });
        res.end(JSON.stringify(value));
      };
      const model = /^\/v1\/models\/(.+)$/.exec(path)?.[1];
      if (req.method === 'GET' && model !== undefined) {
        const id = decodeURIComponent(model);
        if (models.includes(id)) return json(200, { type: 'model', id, display_name: id, created_at: '2026-01-01T00:00:00Z' });
        return json(404, { type: 'error', error: { type: 'not_found_error', message: `model: ${id}` } });
      }
      if (req.method !== 'POST' || path !== '/v1/messages') return json(404, { type: 'error', error: { type: 'not_found_error', message: 'Not found' } });
      messages++;
      if (opts.overloadedEvery && messages % opts.overloadedEvery === 0)
        return json(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
      await new Promise((r) => setTimeout(r, opts.latencyMs ?? 20));
      const message = {
        id: `msg_${messages}`,
        type: 'message',
        role: 'assistant',
        model: b?.model,
        content: [{ type: 'text', text: 'ok' }],
        stop_reason: 'end_turn',
        stop_sequence: null,
      };
      if (!b?.stream) return json(200, { ...message, usage: { input_tokens: 12, output_tokens: 7 } });
      res.writeHead(200, { 'content-type': 'text/event-stream', 'request-id': `req_standin_${calls.length}` });
      const event = (name: string, data: unknown) => res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
      event('message_start', { type: 'message_start', message: { ...message, content: [], stop_reason: null, usage: { input_tokens: 12, output_tokens: 1 } } });
      event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
      event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'ok' } });
      if (opts.holdBeforeStopMs) await new Promise((r) => setTimeout(r, opts.holdBeforeStopMs));
      stopSent = true;
      event('content_block_stop', { type: 'content_block_stop', index: 0 });
      event('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 7 } });
      event('message_stop', { type: 'message_stop' });
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    stopSent: () => stopSent,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const h = req.headers[name];
  return Array.isArray(h) ? h[0] : h;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
