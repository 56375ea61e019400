import { createServer, type IncomingMessage } from 'node:http';
import { listen } from '../../backend/index.js';
import { FAILED_WITHOUT_REASON, type DeliveryReport, type Ledger } from '../../model/index.js';
import { type Clock } from '../../time/index.js';

/** The path gameday serves results on; the URL every job carries is this on loopback. */
export const CALLBACK_PATH = '/gameday/deliveries';
/** A result is a few fields: anything larger is refused before it is read whole. */
const MAX_BODY_BYTES = 64 * 1024;

export interface CallbackServer {
  url: string;
  report(): DeliveryReport;
  close(): Promise<void>;
}

/**
 * The callback endpoint of `service.delivery: { callback: true }`, on loopback. The service POSTs
 * `{ "id": "...", "status": "completed" }` or `{ "id": "...", "status": "failed", "reason": "..." }`;
 * a completion is a delivery (the ledger's `completed`), a failure is `failed` with the service's
 * reason. Answers 204; 400 naming what is wrong with a body it cannot read; 404 on any other path.
 */
export async function startCallbackServer(ledger: Ledger, clock: Clock): Promise<CallbackServer> {
  const counts = { reports: 0, unknown_ids: 0, invalid: 0, conflicting: 0 };
  let lastInvalid: string | undefined;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'POST' || path !== CALLBACK_PATH) return void res.writeHead(404).end(`POST results to ${CALLBACK_PATH}\n`);
    void readBody(req).then((text) => {
      const problem = text === undefined ? `body over ${MAX_BODY_BYTES} bytes` : deliver(text);
      if (problem) [counts.invalid, lastInvalid] = [counts.invalid + 1, problem];
      res.writeHead(problem ? 400 : 204, { 'content-type': 'text/plain' }).end(problem ? `${problem}\n` : undefined);
    });
  });

  /** Records one result; returns what is wrong with it, or undefined. */
  function deliver(text: string): string | undefined {
    let body: { id?: unknown; status?: unknown; reason?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return 'not JSON: expected {"id": "...", "status": "completed" | "failed", "reason": "..."}';
    }
    if (typeof body?.id !== 'string') return 'expected a string `id`: the request id the job was sent with';
    if (body.status !== 'completed' && body.status !== 'failed') return 'expected `status` to be "completed" or "failed"';
    counts.reports++;
    const i = ledger.ids.index(body.id.trim());
    if (i < 0 || i >= ledger.count) return void counts.unknown_ids++;
    // A report that contradicts an earlier one: counted, and the completion stands (the ledger's rule).
    const said = ledger.completions[i] > 0 ? 'completed' : ledger.outcome(i) === 'failed' ? 'failed' : undefined;
    if (said !== undefined && said !== body.status) counts.conflicting++;
    if (body.status === 'completed') ledger.complete(i, clock.now());
    else ledger.fail(i, typeof body.reason === 'string' && body.reason ? body.reason : FAILED_WITHOUT_REASON, clock.now());
    return undefined;
  }

  const running = await listen(server, '127.0.0.1', 0);
  const url = `${running.url}${CALLBACK_PATH}`;
  const report = (): DeliveryReport => ({ signal: 'callback', endpoint: url, ...counts, ...(lastInvalid && { last_invalid: lastInvalid }) });
  return { url, report, close: () => running.close() };
}

/** The body as text, or undefined past the size limit. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
  });
}
