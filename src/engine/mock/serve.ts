import {
  DEFAULT_MOCK_PORT,
  MockClaude,
  startMockServer,
  type BackendStats,
  type MockExchange,
  type MockServer,
  type ServerLimits,
} from '../../backend/index.js';
import { backendFaults, faultModule, type Fault } from '../../fault/index.js';
import { ConfigError } from '../../model/index.js';
import { RealClock } from '../../time/index.js';
import type { Scenario } from '../../scenario/index.js';
import { mockConfig, mockServerLimits } from './backend-setup.js';
import { checkMockHost } from '../preflight.js';

/** `maxBody` and `maxConnections` replace the scenario's backend.maxBody and backend.maxConnections. */
export interface ScenarioMockOptions extends ServerLimits {
  /** The address to listen on. @default the scenario's backend.host */
  host?: string;
  /** Let it listen on a non-loopback address (the CLI's `--allow-remote-backend`). @default false */
  allowRemoteBackend?: boolean;
  /** 0 for any free port. @default the scenario's backend.port, else 8787 */
  port?: number;
  /** The fault timeline starts at the first request instead of at once. @default false */
  atFirstRequest?: boolean;
  /** Told of every exchange when its answer ends (`--verbose`). */
  onExchange?(e: MockExchange): void;
}

/** The scenario's mock, serving on its address (loopback unless told otherwise) until closed. */
export interface ScenarioMock extends MockServer {
  stats(): BackendStats;
  /** The backend faults it serves, as [start, end] ms on its timeline. */
  timeline: { kind: string; start: number; end: number }[];
  /** Whether the timeline has started (always, unless `atFirstRequest` and no request yet). */
  started(): boolean;
}

/** The port `gameday run` gives the mock of a scenario that drives your own service. */

/**
 * Serves a scenario's whole backend section on its own, as the run would serve it: latency,
 * rate limits, capacity, spend limit, streaming timing, key checking, the request cap
 * (`backend.maxRequests`), and its backend faults on their timeline. Faults that act on a
 * service (crashes) have nothing to act on here and are left out.
 */
export async function serveScenarioMock(s: Scenario, opts: ScenarioMockOptions = {}): Promise<ScenarioMock> {
  if (s.backend.kind !== 'mock') throw new ConfigError(`backend.kind is ${s.backend.kind}: there is no mock to serve; set backend.kind: mock`, 'GD_ERR_USAGE');
  const host = opts.host ?? s.backend.host;
  checkMockHost(host, opts.allowRemoteBackend ?? false, opts.host === undefined ? `${s.source}: backend.host` : 'host', 'listen on 127.0.0.1');
  const clock = new RealClock();
  let started = !opts.atFirstRequest;
  const faults = backendFaults(s.faults);
  const model = new MockClaude({ ...mockConfig(s), maxCalls: s.backend.maxRequests }, { clock, seed: s.seed, faults, epochMs: () => clock.originEpochMs });
  const watcher = {
    clock,
    onRequest() {
      if (started) return;
      started = true;
      clock.rebase(); // time 0 of the fault timeline is now
    },
    onExchange: opts.onExchange,
  };
  const own = mockServerLimits(s);
  const limits = { maxBody: opts.maxBody ?? own.maxBody, maxConnections: opts.maxConnections ?? own.maxConnections };
  const server = await startMockServer(model, { host, port: opts.port ?? s.backend.port ?? DEFAULT_MOCK_PORT, watcher, ...limits });
  return { ...server, stats: () => model.stats, timeline: faults.map(window), started: () => started };
}

function window(f: Fault): { kind: string; start: number; end: number } {
  const [start, end] = faultModule(f).window(f);
  return { kind: f.kind, start, end };
}
