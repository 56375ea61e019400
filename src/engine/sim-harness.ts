import { directClient } from '../backend/index.js';
import { requestIndex, VirtualClock, type CrashReport, type Ledger } from '../model/index.js';
import type { ClientAnswer, Transport } from '../load/index.js';
import type { Scenario } from '../scenario/index.js';
import { priorityIndex, ServiceCore, ServiceDownError } from '../service/index.js';
import { createMockModel, deathRecorder } from './backend-setup.js';
import type { Harness } from './harness.js';

/** Virtual time: the same service, strategy, worker and mock code, called directly, no sockets. */
export function createSimHarness(s: Scenario, ledger: Ledger): Harness & { clock: VirtualClock } {
  const clock = new VirtualClock();
  const model = createMockModel(s, clock, ledger);
  let down = false;
  const deaths: CrashReport[] = [];
  const core = new ServiceCore(
    { strategy: s.service.strategy, capacity: s.service.capacity, workers: s.service.workers, retries: s.service.retries, seed: s.seed },
    {
      clock,
      backend: directClient(model, s.backend.model),
      onFailed: (id, reason) => ledger.fail(requestIndex(id), reason, clock.now()),
      onDeath: deathRecorder(clock, deaths),
    },
  );
  core.start();
  const transport: Transport = {
    async send(offer, signal): Promise<ClientAnswer> {
      if (down) return { kind: 'network', code: 'ECONNREFUSED' };
      const job = { id: offer.id, priority: priorityIndex(offer.priority), inputTokens: offer.inputTokens, maxTokens: offer.maxTokens, admittedAt: clock.now() };
      try {
        const a = await core.submit(job, signal);
        if (a.kind === 'accepted') return { kind: 'status', status: 202 };
        return a.kind === 'shed' ? { kind: 'status', status: a.status, retryAfterS: a.retryAfterS } : { kind: 'status', status: a.status };
      } catch (e) {
        if (e instanceof ServiceDownError) return { kind: 'network', code: 'ECONNRESET' };
        throw e;
      }
    },
    close: async () => undefined,
  };
  return {
    clock,
    transport,
    deaths,
    idle: () => core.dead !== null || (!down && core.depth() === 0 && core.inFlight() === 0),
    depth: () => core.depth(),
    counters: () => core.counters(),
    backendStats: () => model.stats,
    async crashService() {
      down = true;
      return core.crash();
    },
    async restartService() {
      down = false;
      return core.restart();
    },
    crashWorker: () => core.killWorker(),
    close: () => core.stop(),
  };
}
