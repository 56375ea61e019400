import { addCounters, NO_COUNTERS, type CrashReport, type Ledger, type ServiceCounters, type StalledRecovery } from '../../model/index.js';
import { RealClock } from '../../time/index.js';
import { httpTransport, type Transport } from '../../load/index.js';
import { serviceCluster, type Scenario } from '../../scenario/index.js';
import { serviceConfig } from '../../service/index.js';
import { deathReport, recordFailure } from '../mock/backend-setup.js';
import { childStore } from './child.js';
import type { ChildConfig, ChildMessage } from '../child/protocol.js';
import type { Harness } from './harness.js';
import { startMockThread } from '../mock/host.js';
import { announceRun, type SharedRunStore } from '../queue/redis.js';
import { ServiceChild } from '../child/service-child.js';
import { watchStalled } from '../queue/stalled.js';

const STATE_INTERVAL_MS = 10;
/** How often the runner reads the shared queue's counts: the run is idle once a read taken after the last answer finds it empty. */
const QUEUE_POLL_MS = 50;

/** One service process of the cluster: an API process (HTTP) or a worker process (claims from the queue). */
interface Member {
  role: 'api' | 'worker';
  /** The name its claims carry in the queue (workers); a replacement gets a new one. */
  holder: string;
  child: ServiceChild | undefined;
  port: number;
  transport?: Transport;
}

/**
 * Live mode with gameday's service as many real processes around one Redis queue
 * (`service.processes`): N API processes admit (the load is spread over them in turn), M worker
 * processes claim. crash-worker SIGKILLs one worker process; the report says which jobs it held
 * (read from the queue, not from the dead process) and when each came back. A killed worker is
 * replaced at once (a supervisor's restart); a killed API process comes back after `restartAfter`.
 */
export async function createClusterHarness(s: Scenario, ledger: Ledger, store: SharedRunStore): Promise<Harness> {
  const procs = serviceCluster(s.service)!;
  const deaths: CrashReport[] = [];
  const members: Member[] = [];
  let carried = NO_COUNTERS;
  let generation = 0;
  let lastAnswerAt = -Infinity;
  let emptyAt = -Infinity;
  let closed = false;
  const clock = new RealClock();
  const handlers = {
    onMessage(m: ChildMessage) {
      if (m.type === 'failed') recordFailure(ledger, m.id, m.reason, m.at);
      if (m.type === 'died') deaths.push(deathReport(m.at, m.reason, { queued: m.queued, inFlight: m.inFlight }));
    },
    onExit(gone: ServiceChild, how: string, expected: boolean) {
      const member = members.find((m) => m.child === gone);
      if (expected || !member) return;
      carried = addCounters(carried, gone.state?.counters);
      member.child = undefined;
      deaths.push(deathReport(clock.now(), `${member.role} process ${member.holder} ${how}`, { queued: 0, inFlight: gone.state?.inFlight ?? 0 }));
    },
  };
  const spawned = [...Array(procs.api).fill('api'), ...Array(procs.workers).fill('worker')].map((role: 'api' | 'worker') => ({
    role,
    child: ServiceChild.spawn(handlers),
  }));
  const stopAll = async () => Promise.all([...spawned.map((p) => p.child), ...members.map((m) => m.child)].map((c) => c?.kill()));
  const mock = await Promise.all(spawned.map((p) => p.child.loaded))
    .then(() => startMockThread(s, ledger, clock))
    .catch(async (e: unknown) => {
      await stopAll();
      throw e;
    });
  const config = (role: 'api' | 'worker', holder: string, port = 0): ChildConfig => ({
    type: 'config',
    service: serviceConfig(s),
    backend: { baseURL: mock.url, model: s.backend.model, sdkMaxRetries: s.service.sdkMaxRetries, stream: s.backend.stream !== undefined },
    store: childStore(store),
    originEpochMs: clock.originEpochMs,
    port,
    stateIntervalMs: STATE_INTERVAL_MS,
    role,
    holder,
  });
  const boot = async (role: 'api' | 'worker', child: ServiceChild, port = 0): Promise<Member> => {
    const holder = `${role}-${++generation}`;
    const booted = await child.boot(config(role, holder, port));
    return { role, holder, child: booted, port: booted.port };
  };
  try {
    members.push(...(await Promise.all(spawned.map((p) => boot(p.role, p.child)))));
  } catch (e) {
    await stopAll();
    await mock.close();
    throw e;
  }
  for (const m of members) if (m.role === 'api') m.transport = httpTransport(`http://127.0.0.1:${m.port}`);
  const apis = members.filter((m) => m.role === 'api');
  let turn = 0;
  const transport: Transport = {
    async send(offer, signal, onWritten) {
      // In turn over the API processes that are up; while none is, the first one's port refuses.
      const up = apis.filter((m) => m.child);
      const api = up.length ? up[turn++ % up.length] : apis[0];
      const answer = await api.transport!.send(offer, signal, onWritten);
      lastAnswerAt = clock.now();
      return answer;
    },
    close: async () => void (await Promise.all(apis.map((m) => m.transport!.close()))),
    connections: apis.reduce((n, m) => n + (m.transport!.connections ?? 0), 0),
  };
  const pollQueue = setInterval(() => {
    const asked = clock.now();
    void store.shared.counts().then(
      (c) => {
        if (c.ready + c.leased === 0) emptyAt = Math.max(emptyAt, asked);
        else if (asked > emptyAt) emptyAt = -Infinity;
      },
      () => undefined,
    );
  }, QUEUE_POLL_MS);
  const live = () => members.filter((m) => m.child);
  const replace = async (victim: Member): Promise<void> => {
    try {
      const fresh = await boot('worker', ServiceChild.spawn(handlers));
      // The run may have ended while it booted: it must not outlive the run.
      if (closed) await fresh.child!.stop();
      else Object.assign(victim, { child: fresh.child, holder: fresh.holder });
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      if (!closed) deaths.push(deathReport(clock.now(), `replacement worker process failed to start: ${why}`, { queued: 0, inFlight: 0 }));
    }
  };

  return {
    clock,
    transport,
    deaths,
    serviceUrl: `http://127.0.0.1:${apis[0].port}`,
    reachableBackend: mock.reachable,
    // Idle once a read of the queue taken after the last answer found nothing ready or leased.
    idle: () => emptyAt > lastAnswerAt,
    depth: () => store.backlog(),
    inFlight: () => live().reduce((n, m) => n + (m.child!.state?.inFlight ?? 0), 0),
    counters: (): ServiceCounters => ({ ...live().reduce((sum, m) => addCounters(sum, m.child!.state?.counters), carried), depth: store.backlog() }),
    async begin() {
      clock.rebase();
      await Promise.all([...live().map((m) => m.child!.rebase(clock.originEpochMs)), mock.rebase(clock.originEpochMs)]);
      await announceRun(store, s.name, mock.reachable.url, clock.originEpochMs);
    },
    backendStats: () => mock.stats(),
    holdFaults: (fromMs) => mock.holdFaults(fromMs),
    // The run is summed up next: every process's counters as of now, not of its last periodic report
    // (the queue can be empty, and the run over, before a worker's report of its last job).
    settle: async () => {
      await Promise.all(live().map((m) => m.child!.report()));
      await mock.flush();
    },
    async crashService() {
      const victim = apis.find((m) => m.child);
      if (!victim) return { queued: 0, inFlight: 0 };
      const child = victim.child!;
      victim.child = undefined;
      await child.kill();
      carried = addCounters(carried, child.state?.counters);
      // An API process holds no jobs: everything it admitted is in the queue already.
      return { queued: 0, inFlight: child.state?.inFlight ?? 0 };
    },
    async restartService() {
      const victim = apis.find((m) => !m.child);
      if (!victim || closed) return { recovered: 0 };
      const fresh = await boot('api', ServiceChild.spawn(handlers), victim.port);
      Object.assign(victim, { child: fresh.child, holder: fresh.holder });
      return { recovered: fresh.child!.recovered, upAt: fresh.child!.readyAt };
    },
    async crashWorker(): Promise<{ abandoned: number; stalled?: StalledRecovery }> {
      // The busiest worker process: a kill that catches work is the one worth seeing.
      const victim = live()
        .filter((m) => m.role === 'worker')
        .sort((a, b) => (b.child!.state?.inFlight ?? 0) - (a.child!.state?.inFlight ?? 0))[0];
      if (!victim) return { abandoned: 0 };
      const child = victim.child!;
      victim.child = undefined;
      const killedAt = clock.now();
      await child.kill();
      carried = addCounters(carried, child.state?.counters);
      // What it held, from the queue itself: its leases outlive it until they expire.
      const held = await store.shared.heldBy(victim.holder);
      // Which of them the backend had answered already: every answer given so far is in the ledger after a flush.
      await mock.flush();
      const answered = [...held.keys()].filter((id) => ledger.completions[ledger.ids.index(id)] > 0).length;
      const stalled = watchStalled(store.shared, held, victim.holder, clock, killedAt, answered);
      // A supervisor starts a replacement; the report does not wait for it (a slow or failed start must not lose the kill's report).
      if (!closed) void replace(victim);
      return { abandoned: held.size, stalled };
    },
    async close() {
      closed = true;
      clearInterval(pollQueue);
      await transport.close();
      await Promise.all(members.map((m) => m.child?.stop()));
      await mock.close();
    },
  };
}
