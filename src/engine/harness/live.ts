import { MOCK_API_KEY, sdkClient, startMockServer, type BackendClient, type BackendStats, type RequestBudget } from '../../backend/index.js';
import { ConfigError, type AsyncQueueStore, type CrashReport, type Ledger, type QueueStore } from '../../model/index.js';
import { RealClock } from '../../time/index.js';
import { httpTransport } from '../../load/index.js';
import type { Scenario } from '../../scenario/index.js';
import { serviceConfig, ServiceCore, startServiceHttp } from '../../service/index.js';
import { createMockModel, deathRecorder, mockServerLimits, recordFailure } from '../mock/backend-setup.js';
import type { Harness } from './harness.js';
import { hostProblem } from '../mock/host.js';

/** The backend as the service's SDK reaches it: gameday's endpoint (the mock, or the front door to the API), its stats, and how to stop it. */
interface BackendEndpoint {
  baseURL: string;
  apiKey: string;
  stats(): BackendStats;
  holdFaults(fromMs: number | undefined): void;
  close(): Promise<void>;
}

/**
 * Live mode with the service in this process: real HTTP from the load generator to the service,
 * real SDK calls from its workers to the backend, all on loopback, on the wall clock. It cannot
 * crash the service for real (that would kill the runner and its ledger): crash-service needs
 * the child-process harness.
 */
export async function createLiveHarness(
  s: Scenario,
  ledger: Ledger,
  clock = new RealClock(),
  store?: QueueStore,
  budget?: RequestBudget,
  sharedStore?: AsyncQueueStore,
): Promise<Harness> {
  const backend = await startBackend(s, ledger, clock);
  const waiters = new Map<string, (ok: boolean) => void>();
  const deaths: CrashReport[] = [];
  const core = new ServiceCore(serviceConfig(s), {
    clock,
    // With the real API the front door holds the cap, on calls it sends there.
    backend: serviceBackend(s, backend, s.backend.kind === 'claude' ? undefined : (budget ?? runBudget(s))),
    store,
    sharedStore,
    onFailed: (id, reason) => recordFailure(ledger, id, reason, clock.now()),
    onDeath: deathRecorder(clock, deaths),
    onSettled: (id, ok) => waiters.get(id)?.(ok),
  });
  core.start();
  const http = await startServiceHttp(core, clock, { waiters });
  const transport = httpTransport(http.url);
  return {
    clock,
    transport,
    deaths,
    serviceUrl: http.url,
    idle: () => core.dead !== null || (core.depth() === 0 && core.inFlight() === 0),
    depth: () => core.depth(),
    inFlight: () => core.inFlight(),
    counters: () => core.counters(),
    backendStats: () => backend.stats(),
    holdFaults: (fromMs) => backend.holdFaults(fromMs),
    // One process, one clock: the service, its workers and the in-process mock all read it.
    begin: async () => clock.rebase(),
    settle: async () => undefined,
    crashService: () =>
      Promise.reject(new ConfigError('An in-process service cannot be killed for real: crash-service needs service.process child (or auto)', 'GD_ERR_PROCESS')),
    restartService: () =>
      Promise.reject(new ConfigError('An in-process service cannot be restarted: crash-service needs service.process child (or auto)', 'GD_ERR_PROCESS')),
    crashWorker: () => core.killWorker(),
    async close() {
      await transport.close();
      await core.stop();
      await http.close();
      await backend.close();
    },
  };
}

/** The scenario's own cap for a run on its own (a comparison passes one budget for all its runs). */
export function runBudget(s: Scenario): RequestBudget | undefined {
  return s.backend.maxRequests ? { cap: s.backend.maxRequests, used: 0 } : undefined;
}

function serviceBackend(s: Scenario, b: BackendEndpoint, budget: RequestBudget | undefined): BackendClient {
  return sdkClient({
    baseURL: b.baseURL,
    apiKey: b.apiKey,
    model: s.backend.model,
    maxRetries: s.service.sdkMaxRetries,
    stream: s.backend.stream !== undefined,
    budget,
  });
}

async function startBackend(s: Scenario, ledger: Ledger, clock: RealClock): Promise<BackendEndpoint> {
  const model = createMockModel(s, clock, ledger);
  const stats = () => model.stats;
  const server = await startMockServer(model, { host: s.backend.host, ...mockServerLimits(s) }).catch((e: unknown) => {
    throw hostProblem(s, e);
  });
  return { baseURL: server.url, apiKey: MOCK_API_KEY, stats, holdFaults: (fromMs) => model.holdFaults(fromMs), close: server.close };
}
