import type { Clock } from '../model/index.js';

export interface GeneratorStats {
  /** Arrivals whose request was launched (handed to the client code). */
  launched: number;
  /** Arrivals never launched: the run was interrupted first. */
  unlaunched: number;
  /** Requests whose client code threw (a gameday bug): they stay without an answer, so lost. */
  errors: number;
}

/**
 * Open-loop arrivals: request i is launched at `at[i]` whatever the service is doing; launching
 * never waits for an earlier request's answer (that would be coordinated omission). Resolves
 * when every launched request has finished. Launching is not sending: when each request really
 * left is recorded by the client (Ledger.sentAt), and the engine judges the schedule from that.
 */
export async function generate(
  at: Float64Array,
  clock: Clock,
  launch: (i: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<GeneratorStats> {
  const stats: GeneratorStats = { launched: 0, unlaunched: 0, errors: 0 };
  let outstanding = 0;
  let allDone: () => void = () => undefined;
  const finished = new Promise<void>((r) => (allDone = r));
  const settle = () => {
    if (--outstanding === 0 && stats.launched + stats.unlaunched === at.length) allDone();
  };
  for (let i = 0; i < at.length; ) {
    if (signal?.aborted) {
      stats.unlaunched = at.length - i;
      break;
    }
    const now = clock.now();
    if (at[i] > now) {
      await clock.sleep(at[i] - now);
      continue;
    }
    for (; i < at.length && at[i] <= now; i++) {
      stats.launched++;
      outstanding++;
      // A request that throws is a gameday bug, but it must not take the run down unreconciled.
      launch(i)
        .catch(() => stats.errors++)
        .finally(settle);
    }
  }
  if (outstanding > 0) await finished;
  return stats;
}
