import { ConfigError } from '../model/index.js';
import type { Scenario } from '../scenario/index.js';

const hasCrashService = (s: Scenario) => s.faults.some((f) => f.kind === 'crash-service');

/** Live mode runs the service in a child process when asked, or (auto) when a crash-service fault must kill it for real. */
export function usesChildProcess(s: Scenario): boolean {
  return s.service.url === undefined && (s.service.process === 'child' || (s.service.process === 'auto' && hasCrashService(s)));
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
  if (mode === 'sim') return;
  if (s.service.process === 'in-process' && hasCrashService(s)) {
    fail('service.process is in-process, but the crash-service fault needs a real kill, which would take the runner down with it: set service.process to child (or auto)', 'GD_ERR_PROCESS');
  }
  if (usesChildProcess(s) && s.backend.kind !== 'mock') {
    fail('a service in its own process (crash-service, service.process child) works with the mock backend only: the real-API adapter records completions inside the service process', 'GD_ERR_PROCESS');
  }
  if (usesChildProcess(s) && s.backend.transport === 'msw') {
    fail('backend.transport msw intercepts calls inside one process; a service in its own process (crash-service, service.process child) reaches the mock over http: set backend.transport to http', 'GD_ERR_PROCESS');
  }
  if (s.backend.kind === 'claude') {
    if (!process.env.ANTHROPIC_API_KEY) fail('backend.kind is claude but ANTHROPIC_API_KEY is not set', 'GD_ERR_NO_KEY');
    if (!s.backend.maxRequests) fail('backend.kind claude needs a request cap: set backend.maxRequests or --max-requests', 'GD_ERR_NO_CAP');
  }
}
