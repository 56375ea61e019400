import { readFileSync } from 'node:fs';
import { errors, type Dispatcher } from 'undici';
import { Connections, type TlsOptions } from './connections.js';
import { headerLookup, retryAfterMs } from '../model/index.js';
import { requestBuilder, type RequestBuilder } from './request-template.js';
import { type ClientAnswer, type JobOffer, type Transport } from './transport.js';

export interface HttpTransportOptions {
  /** The path jobs are posted to. @default /v1/jobs */
  path?: string;
  /** Each job's method, headers and body. @default gameday's own JSON body, POSTed */
  request?: RequestBuilder;
  /** Connections the pool may open. @default as many as the process's file-descriptor limit allows */
  connections?: number;
  /** TLS for an https origin (service.tls). */
  tls?: TlsOptions;
}

/**
 * Posts jobs to the service, a connection per request in flight up to the file-descriptor
 * limit, so a held connection (the `block` strategy) does not stall other arrivals behind it;
 * if a request ever must wait for one, it is written late, the generator sees it (`onWritten`
 * comes when the request is on the socket, not when it was launched) and the run is judged
 * invalid rather than quietly turned closed-loop.
 */
export function httpTransport(baseUrl: string, opts: HttpTransportOptions = {}): Transport {
  const { path = '/v1/jobs', request = requestBuilder(), connections = connectionBudget(), tls } = opts;
  const pool = new Connections(baseUrl, connections, tls);
  return {
    send(offer: JobOffer, signal: AbortSignal, onWritten?: () => void): Promise<ClientAnswer> {
      if (signal.aborted) return Promise.resolve({ kind: 'timeout' });
      const { method, headers, body } = request(offer);
      return new Promise((resolve) => {
        const handler = new AnswerHandler(signal, resolve, onWritten);
        pool.dispatch({ path, method, headers, body }, handler);
      });
    },
    close: () => pool.close(),
    connections,
  };
}

/** One error for every cut request: made once, since a stack per request is costly at thousands. */
const ABORTED = new errors.RequestAbortedError();

/**
 * One attempt as undici's dispatch handler: the status and `Retry-After` are all the client
 * needs, the body is discarded as it arrives. (The request API cannot say when a request was
 * written; `onRequestSent` can.)
 */
class AnswerHandler implements Dispatcher.DispatchHandler {
  private status = 0;
  private readonly hints: Headers = {};
  private settled = false;
  /** Set by Connections: returns the connection once the answer has ended. */
  onDone?: () => void;
  private abort: ((err: Error) => void) | undefined;
  // The caller hears "timeout" at once; the connection comes back when undici has let go of it.
  private readonly onAbort = () => {
    this.answer({ kind: 'timeout' });
    this.abort?.(ABORTED);
  };

  constructor(
    private readonly signal: AbortSignal,
    private readonly resolve: (a: ClientAnswer) => void,
    private readonly onWritten?: () => void,
  ) {
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  onConnect(abort: (err?: Error) => void): void {
    this.abort = abort;
    if (this.signal.aborted) abort(ABORTED);
  }

  onRequestSent(): void {
    this.onWritten?.();
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    this.status = statusCode;
    for (let k = 0; k + 1 < rawHeaders.length; k += 2) {
      const name = rawHeaders[k].toString('latin1').toLowerCase();
      if (HINT_HEADERS.has(name)) this.hints[name] = rawHeaders[k + 1].toString('latin1');
    }
    return true;
  }

  onData(): boolean {
    return true;
  }

  onComplete(): void {
    this.answer({ kind: 'status', status: this.status, retryAfterS: retryAfterSeconds(this.hints) });
    this.onDone?.();
  }

  onError(err: Error): void {
    this.answer(this.signal.aborted ? { kind: 'timeout' } : { kind: 'network', code: errorCode(err) });
    this.onDone?.();
  }

  private answer(a: ClientAnswer): void {
    if (this.settled) return;
    this.settled = true;
    this.signal.removeEventListener('abort', this.onAbort);
    this.resolve(a);
  }
}

type Headers = Record<string, string | string[] | undefined>;
/** The answer headers the client reads: the wait hints and the date a `Retry-After` date is read against. */
const HINT_HEADERS = new Set(['retry-after', 'retry-after-ms', 'date']);

/**
 * The server's wait hint in seconds, or undefined without one (see retryAfterMs). A date is read
 * against the answer's own `Date` header only (no local clock, no skew), and a date already past
 * still means "come back" (the least wait, 1 s). `Retry-After: 0` is a hint too, "retry now": 0,
 * which the client counts as shed (it was told to come back) under its own key, and a client that
 * honours hints meets with its own jittered backoff, as the Anthropic SDK does.
 */
export function retryAfterSeconds(headers: Headers): number | undefined {
  const get = headerLookup(headers);
  const ms = retryAfterMs(get);
  if (ms === undefined) return RETRY_NOW.test(get('retry-after') ?? '') ? 0 : undefined;
  return ms > 0 ? ms / 1000 : 1;
}

/** Delta-seconds of zero: `0`, `00`, `0.0`. */
const RETRY_NOW = /^\s*0+(\.0+)?\s*$/;

function errorCode(err: unknown): string {
  if (err instanceof errors.SocketError) return 'ECONNRESET';
  const e = err as { code?: string; cause?: { code?: string } };
  return e.code ?? e.cause?.code ?? 'ENETWORK';
}

/** File descriptors kept back for everything else the process opens (files, IPC, the mock's sockets). */
const FD_RESERVE = 1024;

/**
 * How many connections the generator may hold at once: the soft file-descriptor limit less a
 * reserve, read from /proc on Linux (Node cannot read or raise the limit itself); 1,024 elsewhere.
 */
export function connectionBudget(): number {
  try {
    const limits = readFileSync('/proc/self/limits', 'utf8');
    const soft = Number(/^Max open files\s+(\d+|unlimited)/m.exec(limits)?.[1]);
    if (!Number.isFinite(soft)) return 65_536;
    return Math.max(256, soft - FD_RESERVE);
  } catch {
    return 1_024;
  }
}
