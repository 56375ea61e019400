import { addCounters, NO_COUNTERS, type CrashReport, type Ledger, type ServiceCounters } from '../../model/index.js';
import { RealClock } from '../../time/index.js';
import { httpTransport, type Transport } from '../../load/index.js';
import type { Scenario } from '../../scenario/index.js';
import { serviceConfig } from '../../service/index.js';
import { deathReport, recordFailure } from '../mock/backend-setup.js';
import { startMockThread } from '../mock/host.js';
import type { ChildConfig, ChildMessage } from '../child/protocol.js';
import type { Harness } from './harness.js';
import type { RunStore } from '../queue/run-store.js';
import { announceRun } from '../queue/redis.js';
import { ServiceChild, type ChildHandlers } from '../child/service-child.js';

/** How often the child reports its depth, in-flight count and counters (ms). */
const STATE_INTERVAL_MS = 10;
/**
 * A state report counts as fresh for the drain only if the child took it this long after the
 * runner's last answer: both read the same epoch-based clock, this covers the skew between them.
 */
const CLOCK_SKEW_MS = 20;
/** A restart reuses the first child's port; the kernel may hold it for a moment after a kill. */
const PORT_RETRIES = 20;
const PORT_RETRY_DELAY_MS = 50;

/**
 * Live mode with the service in its own process, so crash-service is a real SIGKILL. The runner
 * keeps the mock backend (completions are recorded where the ledger lives) and the load
 * generator; the child runs the service and opens the queue store itself. A killed child takes
 * everything in its memory with it; a SQLite queue file stays and the next child resumes it.
 *
 * The replacement process is forked as soon as the old one is dead, loads its code while the
 * service is down (about a third of a second from dist, a second under tsx), and is booted when
 * `restartAfter` is up: the downtime is the scenario's unless loading takes longer. (Loading a
 * spare during the run instead starves the service under test of CPU on a small machine.) The
 * run's clock starts once the first child has loaded, so start-up does not eat into the traffic.
 */
export async function createChildHarness(s: Scenario, ledger: Ledger, runStore: RunStore | undefined): Promise<Harness> {
  const deaths: CrashReport[] = [];
  let child: ServiceChild | undefined;
  let standby: ServiceChild | undefined;
  let carried = NO_COUNTERS;
  let diedOnItsOwn = false;
  let lastAnswerAt = -Infinity;
  let downSince: number | null = null;
  let refusedWhileDown = 0;
  // Set by close(): a restart or a standby still booting then must not outlive the run.
  let closed = false;

  const handlers = {
    onMessage(m: ChildMessage) {
      if (m.type === 'failed') recordFailure(ledger, m.id, m.reason, m.at);
      if (m.type === 'died') {
        diedOnItsOwn = true;
        deaths.push(deathReport(m.at, m.reason, { queued: m.queued, inFlight: m.inFlight }));
      }
    },
    onExit(gone: ServiceChild, how: string, expected: boolean) {
      if (expected || gone !== child) return;
      // Not our kill: the service process crashed by itself. Nothing restarts it.
      carried = addCounters(carried, gone.state?.counters);
      child = undefined;
      diedOnItsOwn = true;
      deaths.push(deathReport(clock.now(), `service process ${how}`, { queued: gone.state?.depth ?? 0, inFlight: gone.state?.inFlight ?? 0 }));
    },
  };
  const first = ServiceChild.spawn(handlers);
  const abandon = async (e: unknown): Promise<never> => {
    await first.kill();
    throw e;
  };
  await first.loaded.catch(abandon);
  const clock = new RealClock();
  const mock = await startMockThread(s, ledger, clock).catch(abandon);
  const config: ChildConfig = {
    type: 'config',
    service: serviceConfig(s),
    backend: { baseURL: mock.url, model: s.backend.model, sdkMaxRetries: s.service.sdkMaxRetries, stream: s.backend.stream !== undefined },
    store: childStore(runStore),
    originEpochMs: clock.originEpochMs,
    port: 0,
    stateIntervalMs: STATE_INTERVAL_MS,
  };
  const launch = async (spawned: ServiceChild): Promise<ServiceChild> => {
    const booted = await bootOnPort(spawned, config, handlers);
    if (closed) {
      await booted.stop();
      throw new Error('the run ended while the service was restarting');
    }
    child = booted;
    config.port = child.port;
    diedOnItsOwn = false;
    return child;
  };
  await launch(first).catch(async (e: unknown) => {
    await mock.close();
    return abandon(e);
  });
  const inner = httpTransport(`http://127.0.0.1:${config.port}`);
  const transport: Transport = {
    async send(offer, signal, onWritten) {
      const answer = await inner.send(offer, signal, onWritten);
      lastAnswerAt = clock.now();
      if (answer.kind === 'network' && downSince !== null) refusedWhileDown++;
      return answer;
    },
    close: () => inner.close(),
    connections: inner.connections,
  };
  const current = (): ServiceCounters => child?.state?.counters ?? NO_COUNTERS;

  return {
    clock,
    transport,
    deaths,
    serviceUrl: `http://127.0.0.1:${config.port}`,
    reachableBackend: mock.reachable,
    idle() {
      if (diedOnItsOwn) return true;
      const st = child?.state;
      return st !== undefined && st.at > lastAnswerAt + CLOCK_SKEW_MS && st.depth === 0 && st.inFlight === 0;
    },
    depth: () => (child ? (child.state?.depth ?? 0) : backlogOnDisk(runStore)),
    inFlight: () => child?.state?.inFlight ?? 0,
    counters: () => addCounters(carried, current()),
    async begin() {
      clock.rebase();
      config.originEpochMs = clock.originEpochMs; // a restarted child starts on the same origin
      await Promise.all([child?.rebase(clock.originEpochMs), mock.rebase(clock.originEpochMs)]);
      if (runStore?.kind === 'redis') await announceRun(runStore, s.name, mock.reachable.url, clock.originEpochMs);
    },
    backendStats: () => mock.stats(),
    holdFaults: (fromMs) => mock.holdFaults(fromMs),
    settle: () => mock.flush(),
    async crashService() {
      const victim = child;
      if (!victim) return { queued: 0, inFlight: 0 };
      downSince = clock.now();
      refusedWhileDown = 0;
      child = undefined;
      await victim.kill();
      if (!closed) standby = ServiceChild.spawn(handlers);
      // The last report the child made before the kill (about STATE_INTERVAL_MS old): the
      // runner cannot look inside a process that no longer exists; the crash row says how old.
      carried = addCounters(carried, victim.state?.counters);
      const countersAgeMs = victim.state ? Math.max(0, Math.round(downSince - victim.state.at)) : null;
      return { queued: victim.state?.depth ?? 0, inFlight: victim.state?.inFlight ?? 0, countersAgeMs };
    },
    async restartService() {
      const spawned = standby ?? ServiceChild.spawn(handlers);
      standby = undefined;
      const fresh = await launch(spawned);
      const connectionErrors = refusedWhileDown;
      downSince = null;
      return { recovered: fresh.recovered, connectionErrors, upAt: fresh.readyAt };
    },
    crashWorker: () => child?.crashWorker() ?? { abandoned: 0 },
    async close() {
      closed = true;
      await transport.close();
      // The service first: the mock is never closed under a service still calling it.
      await Promise.all([child?.stop(), standby?.stop()]);
      await mock.close();
    },
  };
}

/** Boots `spawned`; if the port is still held, retries with fresh processes for a moment. */
async function bootOnPort(spawned: ServiceChild, config: ChildConfig, handlers: ChildHandlers): Promise<ServiceChild> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await spawned.boot(config);
    } catch (err) {
      const busy = err instanceof Error && err.message.includes('EADDRINUSE');
      if (!busy || attempt >= PORT_RETRIES) throw err;
      await new Promise((r) => setTimeout(r, PORT_RETRY_DELAY_MS));
      spawned = ServiceChild.spawn(handlers);
    }
  }
}

/** The queue a service process opens: the run's own file or Redis prefix. */
export function childStore(runStore: RunStore | undefined): ChildConfig['store'] {
  if (!runStore) return undefined;
  // Only a simulation's queue is a file without a path (in memory), and a simulation starts no process.
  if (runStore.kind === 'sqlite' && runStore.path === undefined) throw new Error('a simulated queue (in memory) cannot be opened by a service process');
  return runStore.kind === 'redis' ? { kind: 'redis', url: runStore.url, prefix: runStore.prefix } : { kind: runStore.kind, path: runStore.path };
}

/** While the service is down, a SQLite or Redis queue still holds its backlog (the runner reads its own handle); a memory one held nothing that survived. */
function backlogOnDisk(runStore: RunStore | undefined): number {
  if (runStore?.kind === 'redis') return runStore.backlog();
  if (runStore?.kind !== 'sqlite') return 0;
  const c = runStore.store.counts();
  return c.ready + c.leased;
}
