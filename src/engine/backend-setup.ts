import { requestIndex, type Clock, type Ledger } from '../model/index.js';
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

export function backendFaults(s: Scenario): BackendFault[] {
  return s.faults.filter(isBackendFault) as BackendFault[];
}

export function createMockModel(s: Scenario, clock: Clock, ledger: Ledger): MockClaude {
  return new MockClaude(
    { latency: s.backend.latency, outputTokens: s.backend.outputTokens, errorRate: s.backend.errorRate, model: s.backend.model },
    { clock, seed: s.seed, faults: backendFaults(s), observer: ledgerObserver(ledger) },
  );
}
