import { getHeapStatistics } from 'node:v8';
import { isLoopbackHost, urlEndpoint } from '../backend/index.js';
import { ConfigError } from '../model/index.js';
import { checkMemory, serviceCluster, type Scenario } from '../scenario/index.js';
import { getStrategy } from '../strategy/index.js';
import { faultModule } from '../fault/index.js';

/** How the service treats its callers: the strategy's declared traits, or your own service's (it may hold each caller until its work is done). */
const callerHandling = (s: Scenario) =>
  s.service.url === undefined ? getStrategy(s.service.strategy.type).traits : { acceptsEveryOffer: false, holdsCallers: true };

/** The kind of queue store the scenario's strategy asks for, if any. */
export function storeKind(s: Scenario): string | undefined {
  if (s.service.url !== undefined) return undefined;
  return getStrategy(s.service.strategy.type).storeSpec?.(s.service.strategy.options)?.kind;
}

const killsProcess = (s: Scenario) => s.faults.some((f) => faultModule(f).killsProcess);

/**
 * Live mode runs gameday's service in a child process unless told otherwise, so the load
 * generator, the service and the backend's endpoint (on its own thread) never share an event
 * loop. The real API is no exception: its calls go through the same endpoint, the front door.
 */
export function usesChildProcess(s: Scenario): boolean {
  if (s.service.url !== undefined || serviceCluster(s.service)) return false;
  return s.service.process !== 'in-process';
}

/**
 * Every check that needs no I/O, before anything is opened or started: bad input must fail with
 * nothing written (not even a queue file) and nothing left running.
 */
export function preflight(s: Scenario, mode: 'live' | 'sim'): void {
  const fail = (message: string, code: string) => {
    throw new ConfigError(`${s.source}: ${message}`, code);
  };
  if (mode === 'sim' && s.service.url !== undefined) fail('service.url drives your own service over real HTTP: use --mode live', 'GD_ERR_MODE');
  // A plan too big for the heap would end in an out-of-memory crash with nothing written.
  checkMemory(s, heapRoom(), callerHandling(s));
  if (mode === 'sim' && storeKind(s) === 'redis') {
    fail(
      'the persistent strategy with `store: redis` runs on a real Redis and real time (its leases expire on the wall clock): use --mode live, or `store: sqlite` to simulate the same strategy',
      'GD_ERR_MODE',
    );
  }
  if (mode === 'sim') {
    // What acts on the real world, which a simulation cannot.
    s.faults.forEach((f, i) => {
      const why = faultModule(f).liveOnly;
      if (why) fail(`faults[${i}] (${f.kind}): ${why}: use --mode live`, 'GD_ERR_MODE');
    });
    if (s.hypothesis?.probes.length) fail('hypothesis.probes check the real service, which a simulation cannot: use --mode live', 'GD_ERR_MODE');
    if (s.rollbacks.length) fail('rollbacks run real commands, which a simulation cannot: use --mode live', 'GD_ERR_MODE');
    if (s.backend.kind === 'claude')
      fail(
        'backend.kind claude sends calls to the real API, which a simulation cannot: use --mode live, or set backend.kind to mock to simulate',
        'GD_ERR_MODE',
      );
    return;
  }
  if (serviceCluster(s.service) && storeKind(s) !== 'redis') {
    fail(
      "service.processes runs gameday's service as many processes around one shared queue: it needs `strategy: { type: persistent, store: redis }` (and no service.url)",
      'GD_ERR_PROCESS',
    );
  }
  if (s.service.url === undefined && !serviceCluster(s.service) && !usesChildProcess(s) && killsProcess(s)) {
    fail(
      'service.process is in-process, but the crash-service fault needs a real kill, which would take the runner down with it: set service.process to child',
      'GD_ERR_PROCESS',
    );
  }
  const remote = remoteService(s);
  if (remote && s.service.delivery?.callback)
    fail(
      `service.url is on ${remote}, but the delivery callback listens on this machine's loopback, where your service cannot post: use \`delivery: { status: "GET /jobs/{id}", done: ... }\` (gameday polls your service)`,
      'GD_ERR_SERVICE',
    );
  if (remote && !s.service.delivery && isLoopbackHost(s.backend.host))
    fail(
      `service.url is on ${remote}, but gameday's mock Claude listens on loopback, where your service cannot call it, and nothing else tells gameday a job is done: ` +
        'give `service.delivery` (your service reports each job), or set backend.host to an address your service can reach (with --allow-remote-backend)',
      'GD_ERR_SERVICE',
    );
  if (s.backend.kind === 'claude') {
    if (!process.env.ANTHROPIC_API_KEY) fail('backend.kind is claude but ANTHROPIC_API_KEY is not set', 'GD_ERR_NO_KEY');
    if (!s.backend.maxRequests) fail('backend.kind claude needs a request cap: set backend.maxRequests or --max-requests', 'GD_ERR_NO_CAP');
  }
}

/** Your own service's host when it is not this machine, else undefined. */
function remoteService(s: Scenario): string | undefined {
  if (s.service.url === undefined) return undefined;
  const { host } = urlEndpoint(new URL(s.service.url));
  return isLoopbackHost(host) ? undefined : host;
}

/** The heap this process may still grow by: its limit (--max-old-space-size, or V8's default for the machine) less what it holds now. */
export function heapRoom(): number {
  const h = getHeapStatistics();
  return h.heap_size_limit - h.used_heap_size;
}

/** The run flag that lets the mock listen on anything but loopback. */
export const ALLOW_REMOTE_BACKEND_FLAG = '--allow-remote-backend';

/**
 * A mock on a non-loopback address is open to the network (anyone who reaches it can spend the
 * run's completions and read its answers): only an explicit flag on the run opens it.
 */
export function checkBackendHost(s: Scenario, allowRemote: boolean): void {
  if (s.backend.kind === 'mock') checkMockHost(s.backend.host, allowRemote, `${s.source}: backend.host`, 'set backend.host to 127.0.0.1');
}

/** The same rule for any address the mock is asked to listen on; `named` says where it was given. */
export function checkMockHost(host: string, allowRemote: boolean, named: string, loopbackFix: string): void {
  if (isLoopbackHost(host) || allowRemote) return;
  throw new ConfigError(
    `${named} is ${host}, not loopback: the mock would take calls from the network; add ${ALLOW_REMOTE_BACKEND_FLAG} to allow it, or ${loopbackFix}`,
    'GD_ERR_USAGE',
  );
}
