/**
 * The service as its own process, forked by the child harness so that crash-service can be a
 * real SIGKILL. It runs ServiceCore + the HTTP adapter on loopback, opens its queue store
 * itself, and reports to the runner over the IPC channel: `ready`, terminal failures, and its
 * state every few milliseconds. It lives in engine/ (not service/) because it opens the store:
 * it is a composition root, like the CLI.
 * Imports are narrow on purpose: every restart pays this process's start-up time.
 */
import { sdkClient } from '../../backend/sdk-client.js';
import { MOCK_API_KEY } from '../../backend/mock-key.js';
import { GamedayError } from '../../model/errors.js';
import { RealClock } from '../../time/clock.js';
import { ServiceCore } from '../../service/core.js';
import { startServiceHttp } from '../../service/http.js';
import { openStore } from '../../store/index.js';
import { RedisQueueStore } from '../../store/redis/store.js';
import type { ChildConfig, ChildMessage, ParentMessage } from './protocol.js';

function send(m: ChildMessage): void {
  if (process.connected) process.send!(m);
}

async function boot(config: ChildConfig): Promise<void> {
  const clock = new RealClock(config.originEpochMs);
  const { store: spec, service } = config;
  const role = config.role ?? 'service';
  const store = spec && spec.kind !== 'redis' ? openStore(spec.kind, { path: spec.path, capacity: service.capacity }) : undefined;
  const shared =
    spec?.kind === 'redis' ? await RedisQueueStore.open({ url: spec.url, prefix: spec.prefix, capacity: service.capacity, holder: config.holder }) : undefined;
  const core = new ServiceCore(service, {
    clock,
    backend: sdkClient({
      baseURL: config.backend.baseURL,
      apiKey: MOCK_API_KEY,
      model: config.backend.model,
      maxRetries: config.backend.sdkMaxRetries,
      stream: config.backend.stream,
    }),
    store,
    sharedStore: shared,
    onFailed: (id, reason) => send({ type: 'failed', id, reason, at: clock.now() }),
    onDeath: (reason, held) => send({ type: 'died', reason, at: clock.now(), ...held }),
  });
  // What the durable queue held when this process came up: a restart's recovered backlog.
  const backlog = await shared?.counts();
  const recovered = backlog ? backlog.ready + backlog.leased : core.depth();
  // Listen first, then start the workers: a process that cannot get its port (a restart racing
  // a port still held) exits without having claimed a single job from the durable queue.
  const http = role === 'worker' ? undefined : await startServiceHttp(core, clock, { port: config.port });
  const listening = clock.now();
  if (role !== 'api') core.start();
  const report = () => send({ type: 'state', at: clock.now(), depth: core.depth(), inFlight: core.inFlight(), counters: core.counters() });
  const timer = setInterval(report, config.stateIntervalMs);
  process.on('message', (m: ParentMessage) => {
    if (m.type === 'crash-worker') send({ type: 'worker-crashed', ...core.killWorker() });
    if (m.type === 'report') report();
    if (m.type === 'rebase') {
      clock.rebase(m.originEpochMs);
      send({ type: 'rebased' });
    }
    if (m.type === 'stop') {
      clearInterval(timer);
      void core
        .stop()
        .then(() => report()) // the last word: what it did up to the stop
        .then(() => http?.close())
        .then(() => shared?.close())
        .finally(() => {
          store?.close();
          process.exit(0);
        });
    }
  });
  // The first report waits one turn: a worker that just claimed a job from the durable queue
  // counts it as in flight only when it resumes, and a report taken in between shows the job
  // nowhere: an idle service to a runner waiting for the drain after a restart, which then ended
  // the run with the job still in the queue (seen on a loaded machine).
  await new Promise<void>((resolve) => setImmediate(resolve));
  report();
  send({ type: 'ready', port: http?.port ?? 0, recovered, at: listening });
}

// The runner went away: never outlive it.
process.on('disconnect', () => process.exit());
process.once('message', (m: ParentMessage) => {
  // A standby process that is never needed is told to stop before it gets a config.
  if (m.type !== 'config') return void process.exit(0);
  boot(m).catch((err: unknown) => {
    const e = err instanceof Error ? err : new Error(String(err));
    process.exitCode = 1;
    const message: ChildMessage = { type: 'error', name: e.name, code: e instanceof GamedayError ? e.code : undefined, message: e.message };
    if (process.connected) process.send!(message, () => process.disconnect());
  });
});
send({ type: 'loaded' });
