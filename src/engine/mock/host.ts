import { reachableUrl, type BackendObserver, type BackendStats, type MockConfig, type ServerLimits, type UpstreamConfig } from '../../backend/index.js';
import { backendFaults, type Fault } from '../../fault/index.js';
import { BackendError, ConfigError, type Ledger } from '../../model/index.js';
import { type RealClock } from '../../time/index.js';
import type { Scenario } from '../../scenario/index.js';
import { ledgerObserver, mockConfig, mockServerLimits } from './backend-setup.js';
import { upstreamConfig } from './front-door.js';
import { startModuleWorker } from '../child/module-worker.js';

/** What the mock thread is started with (worker data: plain, cloneable). */
export interface MockThreadInit {
  config: MockConfig;
  seed: number;
  /** Backend faults as plain data: the thread asks the fault registry what each does. */
  faults: Fault[];
  /** The runner's clock origin, so the mock stamps calls on the run's clock. */
  originEpochMs: number;
  /** 0 for any free port. */
  port: number;
  /** The address it listens on (backend.host). */
  host: string;
  /** Its largest body and most connections at once (backend.maxBody, backend.maxConnections). */
  limits: ServerLimits;
  /** With the real API: where the front door sends calls, and its cap (the thread reads the key from the environment). */
  upstream?: UpstreamConfig;
}

interface MockState {
  stats: BackendStats;
  /** Calls in progress at the mock now, and calls received in all (any route). */
  inFlight: number;
  received: number;
}

export type MockThreadMessage =
  | { type: 'listening'; url: string; port: number }
  | { type: 'error'; message: string; code?: string }
  | { type: 'observe'; method: string; args: unknown[] }
  | ({ type: 'state' } & MockState)
  | ({ type: 'flushed'; seq: number } & MockState)
  | ({ type: 'closed' } & MockState);

export type MockHostMessage =
  | { type: 'flush'; seq: number }
  | { type: 'rebase'; seq: number; originEpochMs: number }
  | { type: 'hold-faults'; seq: number; fromMs?: number }
  | { type: 'close' };

/** The mock as the runner sees it: where it listens, what it has served, and how to stop it. */
export interface MockEndpoint {
  /** Where this machine calls it (loopback when it listens on a wildcard address). */
  url: string;
  /** Where another machine calls it (published for joining workers), and how that address was chosen. */
  reachable: { url: string; note?: string };
  port: number;
  /** The latest stats the thread reported (final after `flush` or `close`). */
  stats(): BackendStats;
  /** Calls in progress and calls received in all, as last reported (every 50 ms, and at `flush`). */
  activity(): { inFlight: number; received: number };
  /** Resolves once every call and answer the mock has seen so far is in the ledger. */
  flush(): Promise<void>;
  /** Moves the mock's clock origin (see RealClock.rebase); resolves once it has. */
  rebase(originEpochMs: number): Promise<void>;
  /** No backend fault acts from `fromMs` (run time) on, undefined: as scheduled; resolves once the thread has it. */
  holdFaults(fromMs: number | undefined): Promise<void>;
  close(): Promise<void>;
}

/** A mock that does not close in this long is terminated: a run ends on time. */
const CLOSE_TIMEOUT_MS = 1_000;

/** Starts the scenario's mock Claude on its own thread; its calls and answers feed `ledger`. */
export function startMockThread(s: Scenario, ledger: Ledger, clock: RealClock, opts: { port?: number } = {}): Promise<MockEndpoint> {
  const init: MockThreadInit = {
    config: mockConfig(s),
    seed: s.seed,
    faults: backendFaults(s.faults),
    originEpochMs: clock.originEpochMs,
    port: opts.port ?? 0,
    host: s.backend.host,
    limits: mockServerLimits(s),
    upstream: upstreamConfig(s),
  };
  return hostMock(init, ledgerObserver(ledger, s.service.delivery === undefined)).catch((e: unknown) => {
    throw hostProblem(s, e);
  });
}

/** An address this machine does not have is the scenario's to fix (exit 2), not a failure of the run. */
export function hostProblem(s: Scenario, e: unknown): unknown {
  const missing = e instanceof BackendError && /EADDRNOTAVAIL|ENOTFOUND|EAI_AGAIN/.exec(e.message);
  if (!missing) return e;
  return new ConfigError(
    `${s.source}: backend.host ${s.backend.host} is not an address of this machine (${missing[0]}): give one of its addresses, 0.0.0.0 for all, or 127.0.0.1`,
    'GD_ERR_USAGE',
  );
}

function hostMock(init: MockThreadInit, observer: BackendObserver): Promise<MockEndpoint> {
  const worker = startModuleWorker(import.meta.url, 'thread', init);
  let latest: MockState = { stats: { calls: 0, ok: 0, byStatus: {}, inputTokens: 0, outputTokens: 0 }, inFlight: 0, received: 0 };
  let seq = 0;
  const flushes = new Map<number, { done: () => void; fail: (e: Error) => void }>();
  let closing = false;
  // A mock that dies mid-run stops crediting completions: every request after would read as lost.
  // The run must fail loudly instead, so the next flush (before results are summarised) rejects.
  let died: Error | undefined;
  let onClosed: () => void = () => undefined;
  const closed = new Promise<void>((r) => (onClosed = r));
  worker.once('error', (e) => (died ??= new BackendError(`the mock backend thread failed: ${e.message}`)));
  worker.once('exit', () => {
    if (!closing) died ??= new BackendError('the mock backend thread exited during the run');
    for (const f of flushes.values()) {
      if (died) f.fail(died);
      else f.done();
    }
    flushes.clear();
    onClosed();
  });
  // Messages on one port arrive in order: the answer to this one follows every earlier report.
  const ask = (message: (seq: number) => MockHostMessage): Promise<void> => {
    if (died) return Promise.reject(died);
    const id = ++seq;
    const done = new Promise<void>((resolve, reject) => flushes.set(id, { done: resolve, fail: reject }));
    worker.postMessage(message(id));
    return done;
  };
  return new Promise((resolve, reject) => {
    worker.once('error', (e) => reject(new BackendError(`the mock backend thread failed: ${e.message}`)));
    worker.on('message', (m: MockThreadMessage) => {
      switch (m.type) {
        case 'observe':
          return void (observer as unknown as Record<string, (...a: unknown[]) => void>)[m.method]?.(...m.args);
        case 'state':
          return void (latest = m);
        case 'flushed':
          latest = m;
          flushes.get(m.seq)?.done();
          return void flushes.delete(m.seq);
        case 'closed':
          latest = m;
          return onClosed();
        case 'error':
          // The listen error's own words ("cannot listen on 127.0.0.1:8787: EADDRINUSE"): callers match on them.
          return reject(new BackendError(`the mock backend ${m.message}`, m.code?.startsWith('GD_') ? m.code : 'GD_ERR_BACKEND'));
        case 'listening':
          return resolve({
            url: m.url,
            port: m.port,
            reachable: reachableUrl(init.host, m.port),
            stats: () => latest.stats,
            activity: () => ({ inFlight: latest.inFlight, received: latest.received }),
            flush: () => ask((id) => ({ type: 'flush', seq: id })),
            rebase: (originEpochMs) => ask((id) => ({ type: 'rebase', seq: id, originEpochMs })),
            holdFaults: (fromMs) => ask((id) => ({ type: 'hold-faults', seq: id, fromMs })),
            async close() {
              closing = true;
              worker.postMessage({ type: 'close' } satisfies MockHostMessage);
              const timer = setTimeout(() => void worker.terminate(), CLOSE_TIMEOUT_MS);
              await closed;
              clearTimeout(timer);
              await worker.terminate();
            },
          });
      }
    });
  });
}
