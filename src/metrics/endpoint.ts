import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** How long a scrape in progress may finish once the endpoint closes. */
const CLOSE_GRACE_MS = 5000;

/** Where the endpoint listens: loopback unless a host is written (`0.0.0.0:9464` for a Prometheus elsewhere). */
export interface Listen {
  host: string;
  port: number;
}

/**
 * Serves a registry as Prometheus text at /metrics while a command runs. After the last run it
 * holds the final figures until a scrape has read them (a Prometheus scraping every 15 s would
 * otherwise miss the end), at most `holdMs`.
 */
export class MetricsEndpoint {
  /** Where a scrape reads the metrics. */
  url = '';
  /** The figures are final (every run ended). */
  private isFinal = false;
  /** A scrape that began once they were has been answered. */
  private finalRead = false;
  private onFinalRead: (() => void) | undefined;
  private readonly server: Server;

  private constructor(registry: Registry) {
    this.server = createServer((req, res) => {
      if ((req.url ?? '/').split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('gameday serves /metrics\n');
        return;
      }
      const readsFinal = this.isFinal;
      // Read once the whole answer has left: a close that follows must not cut it.
      if (readsFinal) res.once('finish', () => this.readFinal());
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(err)}\n`),
      );
    });
  }

  static async open(registry: Registry, at: Listen): Promise<MetricsEndpoint> {
    const endpoint = new MetricsEndpoint(registry);
    const { server } = endpoint;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(at.port, at.host, () => {
        server.off('error', reject);
        // Past the listen, a server error (too many open files) costs a scrape, never the run.
        server.on('error', () => undefined);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    endpoint.url = `http://${at.host.includes(':') ? `[${at.host}]` : at.host}:${port}/metrics`;
    return endpoint;
  }

  /** The figures are final: from now on, the first scrape answered lets `close` go. */
  final(): void {
    this.isFinal = true;
  }

  /** Once final, waits until a scrape read them, at most `holdMs` (or until `signal` aborts); then stops serving. */
  async close(holdMs: number, signal?: AbortSignal): Promise<void> {
    if (this.isFinal && !this.finalRead && holdMs > 0 && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          this.onFinalRead = undefined;
          resolve();
        };
        const timer = setTimeout(done, holdMs);
        signal?.addEventListener('abort', done, { once: true });
        this.onFinalRead = done;
      });
    }
    // Answers being written finish; idle keep-alive connections go now, and a client that holds one open longer is cut.
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    const cut = setTimeout(() => this.server.closeAllConnections(), CLOSE_GRACE_MS);
    await closed;
    clearTimeout(cut);
  }

  private readFinal(): void {
    this.finalRead = true;
    this.onFinalRead?.();
  }
}
