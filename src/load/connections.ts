import { Client, type Dispatcher } from 'undici';

/** TLS for an https service (service.tls): what to trust, and what to show. */
export interface TlsOptions {
  /** PEM of the certificate authorities to trust instead of the system's. */
  ca?: string;
  /** PEM client certificate and its key, for a service that asks for one (mutual TLS). */
  cert?: string;
  key?: string;
  /** Accept any certificate (a self-signed staging host); every report says so. */
  insecure?: boolean;
}

/**
 * One HTTP/1.1 connection per request in flight, up to a budget: a request takes an idle
 * connection or opens a new one at once, so a service that holds connections (the `block`
 * strategy) never makes later arrivals wait behind it. Taking and returning a connection is
 * O(1) (undici's Pool scans its connections for a free one, which at thousands held costs the
 * generator its schedule). Past the budget a request waits for a connection, in order; it is
 * then written late, and the generator's own check says so.
 */
export class Connections {
  private readonly all = new Set<Client>();
  private readonly idle: Client[] = [];
  private readonly waiting: ((c: Client) => void)[] = [];
  private closed = false;

  constructor(
    private readonly origin: string,
    readonly budget: number,
    private readonly tls?: TlsOptions,
  ) {}

  /** Dispatches on a connection of its own; the connection is returned when the answer has ended. */
  dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler & { onDone?: () => void }): void {
    this.take((client) => {
      handler.onDone = () => this.give(client);
      client.dispatch(opts, handler);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.waiting.length = 0;
    this.idle.length = 0;
    await Promise.all([...this.all].map((c) => c.destroy()));
  }

  private take(use: (c: Client) => void): void {
    const c = this.idle.pop();
    if (c) return use(c);
    if (this.all.size < this.budget) {
      const fresh = new Client(this.origin, {
        pipelining: 1,
        keepAliveTimeout: 30_000,
        headersTimeout: 0,
        bodyTimeout: 0,
        ...(this.tls && { connect: connectOptions(this.tls) }),
      });
      this.all.add(fresh);
      return use(fresh);
    }
    this.waiting.push(use);
  }

  private give(c: Client): void {
    if (this.closed) return void c.destroy();
    const next = this.waiting.shift();
    if (next) next(c);
    else this.idle.push(c);
  }
}

/** undici's TLS connect options for the service's origin. */
export function connectOptions(tls: TlsOptions) {
  return { ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: !tls.insecure };
}
