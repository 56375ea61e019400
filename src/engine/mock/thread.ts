/**
 * The mock Claude on a worker thread of its own, so it never shares an event loop with the load
 * generator (a generator busy with a spike would otherwise slow the backend it measures, and the
 * backend's answers would delay the generator's sends). It reports every call and answer to the
 * runner, which keeps the ledger; messages on one port arrive in order, so a `flush` answered
 * here means every earlier report has been handed over.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { MockClaude } from '../../backend/mock-model.js';
import { startMockServer } from '../../backend/mock-server.js';
import type { BackendObserver } from '../../backend/types.js';
import { Upstream } from '../../backend/upstream.js';
import { RealClock } from '../../time/clock.js';
import type { MockThreadInit, MockThreadMessage, MockHostMessage } from './host.js';

const STATE_INTERVAL_MS = 50;
const port = parentPort!;
const post = (m: MockThreadMessage) => port.postMessage(m);
const init = workerData as MockThreadInit;
const clock = new RealClock(init.originEpochMs);

// Every observer callback is forwarded by name: its arguments are plain data.
const observer = new Proxy({} as BackendObserver, {
  get:
    (_, method) =>
    (...args: unknown[]) =>
      post({ type: 'observe', method: String(method), args }),
});
// The key stays in this thread's environment: it is never part of what the runner sends it.
const upstream = init.upstream && new Upstream(init.upstream, process.env.ANTHROPIC_API_KEY ?? '');
const model = new MockClaude(init.config, { clock, seed: init.seed, faults: init.faults, observer, epochMs: () => clock.originEpochMs, upstream });
startMockServer(model, { host: init.host, port: init.port, ...init.limits })
  .then((server) => {
    const state = () => ({ stats: model.stats, ...server.activity() });
    const timer = setInterval(() => post({ type: 'state', ...state() }), STATE_INTERVAL_MS);
    port.on('message', (m: MockHostMessage) => {
      if (m.type === 'rebase') clock.rebase(m.originEpochMs);
      if (m.type === 'hold-faults') model.holdFaults(m.fromMs);
      if (m.type !== 'close') post({ type: 'flushed', seq: m.seq, ...state() });
      if (m.type === 'close') {
        clearInterval(timer);
        void server.close().then(() => {
          post({ type: 'closed', ...state() });
          port.close();
        });
      }
    });
    post({ type: 'listening', url: server.url, port: server.port });
  })
  .catch((e: unknown) => {
    const err = e as { message?: string; code?: string };
    post({ type: 'error', message: err.message ?? String(e), code: err.code });
    port.close();
  });
