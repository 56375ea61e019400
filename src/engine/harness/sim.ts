import { directClient, VIRTUAL_EPOCH_MS } from '../../backend/index.js';
import { deriveRng, VirtualClock } from '../../time/index.js';
import { type CrashReport, type Ledger } from '../../model/index.js';
import type { ClientAnswer, Transport } from '../../load/index.js';
import type { Scenario } from '../../scenario/index.js';
import { priorityIndex, serviceConfig, ServiceCore, ServiceDownError } from '../../service/index.js';
import { createMockModel, deathRecorder, recordFailure } from '../mock/backend-setup.js';
import type { Harness } from './harness.js';
import type { Admission } from '../../strategy/index.js';
import type { RunStore } from '../queue/run-store.js';

// One object for every acceptance and connection error: answers are read, never changed.
const ACCEPTED: ClientAnswer = { kind: 'status', status: 202 };
const REFUSED: ClientAnswer = { kind: 'network', code: 'ECONNREFUSED' };
const RESET: ClientAnswer = { kind: 'network', code: 'ECONNRESET' };

function toClient(a: Admission): ClientAnswer {
  if (a.kind === 'accepted') return ACCEPTED;
  return a.kind === 'shed' ? { kind: 'status', status: a.status, retryAfterS: a.retryAfterS } : { kind: 'status', status: a.status };
}

/** The service died under the offer: the caller's connection is reset. */
function connectionReset(e: unknown): ClientAnswer {
  if (e instanceof ServiceDownError) return RESET;
  throw e;
}

/** Virtual time: the same service, strategy, worker and mock code, called directly, no sockets. */
export function createSimHarness(s: Scenario, ledger: Ledger, runStore?: RunStore): Harness & { clock: VirtualClock } {
  const clock = new VirtualClock();
  const model = createMockModel(s, clock, ledger);
  let down = false;
  let refusedWhileDown = 0;
  const deaths: CrashReport[] = [];
  const core = new ServiceCore(serviceConfig(s), {
    clock,
    backend: directClient(model, {
      model: s.backend.model,
      maxRetries: s.service.sdkMaxRetries,
      stream: s.backend.stream !== undefined,
      clock,
      rng: deriveRng(s.seed, 'sdk-retry'),
      epochMs: VIRTUAL_EPOCH_MS,
    }),
    store: runStore?.store,
    onFailed: (id, reason) => recordFailure(ledger, id, reason, clock.now()),
    onDeath: deathRecorder(clock, deaths),
  });
  core.start();
  const transport: Transport = {
    // The service's answer as soon as it has one: at once, unless the strategy holds the caller (block).
    send(offer, signal, onWritten): ClientAnswer | Promise<ClientAnswer> {
      onWritten?.(); // on the virtual clock, an arrival is handed over exactly when it is due
      if (down) {
        refusedWhileDown++;
        return REFUSED;
      }
      const job = {
        id: offer.id,
        priority: priorityIndex(offer.priority),
        inputTokens: offer.inputTokens,
        maxTokens: offer.maxTokens,
        admittedAt: clock.now(),
      };
      try {
        const a = core.submit(job, signal);
        return a instanceof Promise ? a.then(toClient, connectionReset) : toClient(a);
      } catch (e) {
        return connectionReset(e);
      }
    },
    close: async () => undefined,
    // The service adds a listener only while a strategy holds the caller (block), and removes it when it answers.
    releasesSignal: true,
  };
  return {
    clock,
    transport,
    deaths,
    idle: () => core.dead !== null || (!down && core.depth() === 0 && core.inFlight() === 0),
    depth: () => core.depth(),
    inFlight: () => core.inFlight(),
    counters: () => core.counters(),
    backendStats: () => model.stats,
    holdFaults: (fromMs) => model.holdFaults(fromMs),
    begin: async () => undefined, // virtual time starts at 0 when the run does
    settle: async () => undefined,
    async crashService() {
      down = true;
      refusedWhileDown = 0;
      return core.crash();
    },
    async restartService() {
      down = false;
      // A SQLite store outlives the process; a memory store died with it.
      return { ...core.restart({ store: runStore?.afterCrash() }), connectionErrors: refusedWhileDown };
    },
    crashWorker: () => core.killWorker(),
    close: () => core.stop(),
  };
}
