import { MOCK_API_KEY, sdkClient, startMockServer, type BackendClient, type BackendStats, type RequestBudget } from '../backend/index.js';
import { ConfigError, RealClock, type AsyncQueueStore, type CrashReport, type Ledger, type QueueStore } from '../model/index.js';
import { httpTransport } from '../load/index.js';
import type { Scenario } from '../scenario/index.js';
import { serviceConfig, ServiceCore, startServiceHttp } from '../service/index.js';
import { createMockModel, deathRecorder, mockServerLimits, recordFailure } from './backend-setup.js';
import type { Harness } from './harness.js';
import { hostProblem } from './mock-host.js';

/** The mock backend as the service's SDK reaches it: a base URL, its stats, and how to stop it. */
interface BackendEndpoint {
  baseURL?: string;
  apiKey: string;
  stats(): BackendStats;
  onOutcome?: Parameters<typeof sdkClient>[0]['onOutcome'];
  /** The real API has no mock to count at: the SDK's transport counts every HTTP attempt. */
  httpAttempts?: { count: number };
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
    backend: serviceBackend(s, backend, budget ?? runBudget(s)),
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
    counters: () => core.counters(),
    backendStats: () => backend.stats(),
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
    onOutcome: b.onOutcome,
    budget,
    httpAttempts: b.httpAttempts,
  });
}

async function startBackend(s: Scenario, ledger: Ledger, clock: RealClock): Promise<BackendEndpoint> {
  if (s.backend.kind === 'claude') return realClaude(s, ledger, clock);
  const model = createMockModel(s, clock, ledger);
  const stats = () => model.stats;
  const server = await startMockServer(model, { host: s.backend.host, ...mockServerLimits(s) }).catch((e: unknown) => {
    throw hostProblem(s, e);
  });
  return { baseURL: server.url, apiKey: MOCK_API_KEY, stats, close: server.close };
}

/** The real API: the key only from the environment, completions recorded from the SDK's successes. */
function realClaude(s: Scenario, ledger: Ledger, clock: RealClock): BackendEndpoint {
  const apiKey = process.env.ANTHROPIC_API_KEY!; // checked by preflight
  const stats: BackendStats = { calls: 0, ok: 0, byStatus: {}, inputTokens: 0, outputTokens: 0 };
  const httpAttempts = { count: 0 };
  return {
    baseURL: process.env.ANTHROPIC_BASE_URL,
    apiKey,
    httpAttempts,
    // Calls are HTTP attempts (the SDK's retries included); by_status has the final answer of each logical call.
    stats: () => ({ ...stats, calls: httpAttempts.count }),
    onOutcome(id, o) {
      const status = o.ok ? 200 : o.status;
      stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
      if (!o.ok) return;
      stats.ok++;
      stats.inputTokens += o.inputTokens;
      stats.outputTokens += o.outputTokens;
      const i = ledger.ids.index(id);
      if (i >= 0 && i < ledger.count) ledger.complete(i, clock.now());
    },
    close: async () => undefined,
  };
}
