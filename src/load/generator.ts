import type { Clock } from '../model/index.js';

export interface GeneratorStats {
  launched: number;
  unsent: number;
  lateSends: number;
  maxLagMs: number;
  /** Requests whose client code threw (a gameday bug): they stay without an answer, so lost. */
  errors: number;
}

/** A send this much behind its intended time is reported as late (the generator, not the service, fell behind). */
export const LATE_THRESHOLD_MS = 50;

/**
 * Open-loop arrivals: request i is launched at `at[i]` whatever the service is doing; launching
 * never waits for an earlier request's answer (that would be coordinated omission). Resolves
 * when every launched request has finished. Arrivals not launched before `signal` aborts are
 * counted as unsent, never hidden.
 */
export async function generate(
  at: Float64Array,
  clock: Clock,
  launch: (i: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<GeneratorStats> {
  const stats: GeneratorStats = { launched: 0, unsent: 0, lateSends: 0, maxLagMs: 0, errors: 0 };
  let outstanding = 0;
  let allDone: () => void = () => undefined;
  const finished = new Promise<void>((r) => (allDone = r));
  const settle = () => {
    if (--outstanding === 0 && stats.launched + stats.unsent === at.length) allDone();
  };
  for (let i = 0; i < at.length; ) {
    if (signal?.aborted) {
      stats.unsent = at.length - i;
      break;
    }
    const now = clock.now();
    if (at[i] > now) {
      // An interrupt ends the wait at once: a long gap before the next arrival must not hold Ctrl-C.
      await clock.sleep(at[i] - now, signal).catch(() => undefined);
      continue;
    }
    for (; i < at.length && at[i] <= now; i++) {
      const lag = now - at[i];
      stats.maxLagMs = Math.max(stats.maxLagMs, lag);
      if (lag > LATE_THRESHOLD_MS) stats.lateSends++;
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
