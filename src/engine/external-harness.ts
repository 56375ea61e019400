import { connect } from 'node:net';
import { startMockServer } from '../backend/index.js';
import { ConfigError, RealClock, type Ledger } from '../model/index.js';
import { httpTransport } from '../load/index.js';
import type { Scenario } from '../scenario/index.js';
import { createMockModel } from './backend-setup.js';
import type { Harness } from './harness.js';

/** Where the mock listens when your own service must be configured to find it. */
export const DEFAULT_EXTERNAL_MOCK_PORT = 8787;

/**
 * Black-box mode: the service under test is yours (service.url), already running and calling
 * Claude at gameday's mock (ANTHROPIC_BASE_URL=http://127.0.0.1:<backend.port>). gameday offers
 * the load and counts completions at the mock by the id in each prompt, so whatever your service
 * drops silently shows up as lost. Its internals (queue depth, counters) are not visible.
 */
export async function createExternalHarness(s: Scenario, ledger: Ledger, clock = new RealClock()): Promise<Harness> {
  const url = new URL(s.service.url!);
  await expectListening(url);
  const model = createMockModel(s, clock, ledger);
  const port = s.backend.port ?? DEFAULT_EXTERNAL_MOCK_PORT;
  const mock = await startMockServer(model, { port });
  const transport = httpTransport(url.origin, { path: url.pathname + url.search, withPrompt: true, wallNow: Date.now });
  const noCrash = () => Promise.reject(new ConfigError('crash-service cannot kill a service gameday did not start (service.url)', 'GD_ERR_PROCESS'));
  return {
    clock,
    transport,
    deaths: [],
    // All accepted work completed or failed: nothing left for the drain to wait for.
    idle: () => ledger.pending === 0,
    depth: () => 0,
    counters: () => null,
    backendStats: () => model.stats,
    settle: async () => undefined,
    crashService: noCrash,
    restartService: noCrash,
    crashWorker: () => ({ abandoned: 0 }),
    async close() {
      await transport.close();
      await mock.close();
    },
  };
}

/** A run against nothing would report every request lost; say what is wrong instead. */
function expectListening(url: URL): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 80) });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', (e: NodeJS.ErrnoException) =>
      reject(new ConfigError(`service.url ${url.href}: nothing is listening there (${e.code}); start your service first`, 'GD_ERR_NO_SERVICE')),
    );
  });
}
