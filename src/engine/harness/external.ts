import { connect } from 'node:net';
import { DEFAULT_MOCK_PORT, isLoopbackHost, urlEndpoint } from '../../backend/index.js';
import { BackendError, ConfigError, type Ledger, type TargetReport } from '../../model/index.js';
import { RealClock } from '../../time/index.js';
import { httpTransport, requestBuilder, type TlsOptions } from '../../load/index.js';
import { checkCertificate, serviceTls } from './service-tls.js';
import { managedProcesses, type Scenario } from '../../scenario/index.js';
import type { Harness } from './harness.js';
import { startMockThread, type MockEndpoint } from '../mock/host.js';
import { startManagedService } from '../managed/managed-service.js';
import { startDelivery } from '../delivery/index.js';

/** Where the mock listens when your own service must be configured to find it. */

/**
 * Black-box mode: the service under test is yours (service.url), calling Claude at gameday's mock
 * (ANTHROPIC_BASE_URL). gameday offers the load and counts completions at the mock by the ids
 * each call carries, so whatever your service drops silently shows up as lost. With
 * service.processes the run starts, kills and stops your processes (and can crash them); with
 * service.metrics it reads your queue depth and counters. Without those, neither is visible.
 */
export async function createExternalHarness(
  s: Scenario,
  ledger: Ledger,
  clock = new RealClock(),
  workDir?: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Harness> {
  const url = new URL(s.service.url!);
  // Read first: an unreadable certificate file or an unset ${VAR} in service.request is bad
  // input, found before anything starts (the request is built again once the callback URL is known).
  const tls = serviceTls(s);
  requestBuilder({ template: s.service.request, env });
  const managed = managedProcesses(s.service);
  if (!managed) await expectListening(url);
  // Processes gameday starts are told the mock's URL: then any free port will do.
  const mock = await startExternalMock(s, ledger, clock, s.backend.port ?? (managed ? 0 : DEFAULT_MOCK_PORT));
  const delivery = await startDelivery(s, ledger, clock, env, tls).catch(async (e: unknown) => {
    await mock.close();
    throw e;
  });
  const service = await startManagedService(s, clock, mock.url, workDir).catch(async (e: unknown) => {
    await Promise.all([mock.close(), delivery?.close()]);
    throw e;
  });
  await checkCertificate(s, tls).catch(async (e: unknown) => {
    await service.close();
    await Promise.all([mock.close(), delivery?.close()]);
    throw e;
  });
  const request = requestBuilder({ template: s.service.request, env, withPrompt: true, callbackUrl: delivery?.callbackUrl });
  const http = httpTransport(url.origin, { path: url.pathname + url.search, request, tls });
  // Connection errors while a killed process was down, for its crash row (0 when the API stayed up).
  let down = false;
  let refusedWhileDown = 0;
  const transport: typeof http = {
    ...http,
    async send(offer, signal, onWritten) {
      const answer = await http.send(offer, signal, onWritten);
      if (answer.kind === 'network' && down) refusedWhileDown++;
      return answer;
    },
  };
  const noProcesses = () =>
    Promise.reject(new ConfigError('crash-service needs service.processes: gameday can only kill processes it started', 'GD_ERR_PROCESS'));
  const quiet = quietWatch(mock, clock, s.service.quietPeriod);
  return {
    clock,
    transport,
    deaths: [],
    // Settled is not enough: the service may still be calling the mock (a second call per job, a
    // backlog from an earlier run). Closing the mock under it would cut those calls uncounted.
    idle: () => ledger.pending === 0 && quiet(),
    depth: () => service.depth(),
    // Inside your service nothing is visible; its calls reaching the mock are.
    inFlight: () => mock.activity().inFlight,
    counters: () => service.counters(),
    async begin() {
      clock.rebase();
      await mock.rebase(clock.originEpochMs);
      service.begin();
      delivery?.begin();
    },
    backendStats: () => ({ ...mock.stats(), inFlightAtEnd: mock.activity().inFlight }),
    holdFaults: (fromMs) => mock.holdFaults(fromMs),
    async settle() {
      await service.finalRead();
      await mock.flush();
    },
    // What your service held is not visible inside it: the ledger's accepted-and-unfinished is what the kill can have taken.
    crashService: async (which) => {
      // Its metrics read once more first: what it counted up to the kill is not lost with it.
      const countersAgeMs = await service.readBeforeKill();
      const killed = service.kill(which);
      if (killed) [down, refusedWhileDown] = [true, 0];
      return killed ? { queued: ledger.pending, inFlight: 0, killed, ...(countersAgeMs !== undefined && { countersAgeMs }) } : noProcesses();
    },
    restartService: async () => {
      if (!managed) return noProcesses();
      const upAt = await service.restart();
      down = false;
      return { recovered: 0, connectionErrors: refusedWhileDown, upAt };
    },
    crashWorker: () => ({ abandoned: 0 }),
    extras: () => ({ ...service.report(), ...(delivery && { delivery: delivery.report() }), ...targetReport(url, tls) }),
    async close() {
      await transport.close();
      // Your processes stop before the mock closes: a run never closes the mock under a service still calling it.
      await service.close();
      await delivery?.close();
      await mock.close();
    },
  };
}

/** Where your service was reached, said in the result when it is not plain http on this machine. */
function targetReport(url: URL, tls: TlsOptions | undefined): { target?: TargetReport } {
  const remote = !isLoopbackHost(urlEndpoint(url).host);
  if (!remote && url.protocol === 'http:') return {};
  return { target: { url: url.href, remote, ...(url.protocol === 'https:' && { tls: tls?.insecure ? 'insecure' : 'verified' }) } };
}

/**
 * The mock, on a thread of its own, on the port your service was told; a busy port is bad input
 * with its fix, not an internal error.
 */
export async function startExternalMock(s: Scenario, ledger: Ledger, clock: RealClock, port = s.backend.port ?? DEFAULT_MOCK_PORT): Promise<MockEndpoint> {
  try {
    return await startMockThread(s, ledger, clock, { port });
  } catch (e) {
    if (e instanceof BackendError && /EADDRINUSE|EACCES/.test(e.message)) {
      throw new ConfigError(
        `${s.source}: backend.port ${port} is busy (${/EACCES/.test(e.message) ? 'EACCES' : 'EADDRINUSE'}): gameday starts the mock Claude itself on that port. ` +
          "Stop whatever listens there (a `gameday mock-claude` left running?), or set backend.port to a free port and point your service's ANTHROPIC_BASE_URL at it",
        'GD_ERR_PORT_BUSY',
      );
    }
    throw e;
  }
}

/**
 * True once the mock has had no call in progress, and received none, for `quietMs` on the run's
 * clock. Polled by the drain loop; any call (Messages, count_tokens, even a 404) restarts it.
 */
function quietWatch(mock: MockEndpoint, clock: RealClock, quietMs: number): () => boolean {
  let seen = -1;
  let since = clock.now();
  return () => {
    const { inFlight, received } = mock.activity();
    if (inFlight > 0 || received !== seen) {
      seen = received;
      since = clock.now();
      return inFlight === 0 && quietMs <= 0;
    }
    return clock.now() - since >= quietMs;
  };
}

/** A run against nothing would report every request lost; say what is wrong instead. */
function expectListening(url: URL): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(urlEndpoint(url));
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', (e: NodeJS.ErrnoException) =>
      reject(new ConfigError(`service.url ${url.href}: nothing is listening there (${e.code}); start your service first`, 'GD_ERR_NO_SERVICE')),
    );
  });
}
