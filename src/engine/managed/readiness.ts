import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { urlEndpoint } from '../../backend/index.js';

const POLL_MS = 100;
const PROBE_TIMEOUT_MS = 1_000;

/** How a process shows it is ready: a URL answering 2xx, a port accepting connections, or nothing to wait for. */
export type Readiness = { kind: 'url'; url: string } | { kind: 'port'; host: string; port: number } | { kind: 'started' };

/** One look: true if ready now. */
export async function isReady(r: Readiness): Promise<boolean> {
  if (r.kind === 'started') return true;
  if (r.kind === 'port') return accepts(r.host, r.port);
  try {
    const res = await fetch(r.url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    await res.body?.cancel();
    return res.status >= 200 && res.status < 300;
  } catch {
    return false;
  }
}

/**
 * Polls until ready; 'exited' if `gone()` says the process died first, 'timeout' past `timeoutMs`.
 * (Wall-clock time: a process starts in real time whatever the run's clock says.)
 */
export async function waitReady(r: Readiness, timeoutMs: number, gone: () => boolean): Promise<'ready' | 'exited' | 'timeout'> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    if (gone()) return 'exited';
    if (await isReady(r)) return gone() ? 'exited' : 'ready';
    if (performance.now() >= end) return 'timeout';
    await sleep(Math.min(POLL_MS, Math.max(0, end - performance.now())));
  }
}

/** Whether something accepts a TCP connection on host:port now. */
export function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** What readiness check a URL's port stands for. */
export function portOf(url: URL): { host: string; port: number } {
  return urlEndpoint(url);
}
