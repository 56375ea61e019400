import { requestIndex, type Clock, type CrashReport, type Ledger } from '../model/index.js';
import { isBackendFault, MockClaude, type BackendFault, type BackendObserver } from '../backend/index.js';
import type { Scenario } from '../scenario/index.js';

/** Records completions seen at the backend boundary into the ledger. */
export function ledgerObserver(ledger: Ledger): BackendObserver {
  return {
    onAnswer(id, status, _usage, at) {
      if (status !== 200) return;
      const i = requestIndex(id);
      if (i < 0 || i >= ledger.count) ledger.unknownIds++;
      else ledger.complete(i, at);
    },
  };
}

/** A CrashReport for a service that died by itself, recorded when it happens. */
export function deathRecorder(clock: Clock, deaths: CrashReport[]) {
  return (reason: string, held: { queued: number; inFlight: number }) =>
    deaths.push({ at_ms: Math.round(clock.now()), kind: 'service-died', reason, queued_at_kill: held.queued, in_flight_at_kill: held.inFlight, recovered_after_restart: 0, restart_ms: null, time_to_recover_ms: null });
}

export function backendFaults(s: Scenario): BackendFault[] {
  return s.faults.filter(isBackendFault) as BackendFault[];
}

export function createMockModel(s: Scenario, clock: Clock, ledger: Ledger): MockClaude {
  return new MockClaude(
    { latency: s.backend.latency, outputTokens: s.backend.outputTokens, errorRate: s.backend.errorRate, model: s.backend.model },
    { clock, seed: s.seed, faults: backendFaults(s), observer: ledgerObserver(ledger) },
  );
}
