import { SignalSleeps, type Clock } from '../time/index.js';

export interface GeneratorStats {
  /** Arrivals whose request was launched (handed to the client code). */
  launched: number;
  /** Arrivals not launched because the run stopped before they were due (an interrupt or an abort). */
  notDue: number;
  /** When the traffic stopped early (an interrupt or an abort): arrivals due from then on were not yet due (absent: it ran its course). */
  cutAt?: number;
  /** Arrivals given up on, never launched: more than `abandonAfterMs` behind schedule. */
  abandoned: number;
  /** Requests whose client code threw (a gameday bug): they stay without an answer, so lost. */
  errors: number;
}

/**
 * Live: an arrival this far behind is given up (counted unsent): the run is invalid already,
 * and catching up on a longer backlog would keep the run from ending on time.
 */
export const ABANDON_AFTER_MS = 5_000;

export interface GenerateOptions {
  /** Stops launching: the run's end or an interrupt. Arrivals left are counted, never hidden. */
  stop?: AbortSignal;
  /**
   * Hand the event loop back after this many launches in one go, so the run's own timers (its
   * deadline, its progress) still fire while a generator that fell behind catches up. Live mode
   * only: in virtual time a yield would reorder same-instant events.
   */
  yieldEvery?: number;
  /**
   * Give up on an arrival this far behind its time instead of launching it: the run is invalid
   * already, and a generator that tries to catch up on a backlog only falls further behind and
   * cannot stop on time. Live mode only.
   */
  abandonAfterMs?: number;
  /**
   * When the stop was decided, if it was an abort: arrivals due before it are still launched
   * (the generator may notice the stop a few ms late), those from it on are not yet due.
   * Absent (the run's end, an interrupt): what is not launched when the generator notices is cut.
   */
  stoppedAt?: () => number | undefined;
}

const ignore = () => undefined;

/**
 * Open-loop arrivals: request i is launched at `at[i]` whatever the service is doing; launching
 * never waits for an earlier request's answer (that would be coordinated omission). Resolves
 * when every launched request has finished. Launching is not sending: when each request really
 * left is recorded by the client (Ledger.sentAt), and the engine judges the schedule from that.
 */
export async function generate(at: Float64Array, clock: Clock, launch: (i: number) => Promise<void>, opts: GenerateOptions = {}): Promise<GeneratorStats> {
  const stats: GeneratorStats = { launched: 0, notDue: 0, abandoned: 0, errors: 0 };
  const yieldEvery = opts.yieldEvery ?? Infinity;
  const abandonAfter = opts.abandonAfterMs ?? Infinity;
  let outstanding = 0;
  let allDone: () => void = () => undefined;
  const finished = new Promise<void>((r) => (allDone = r));
  let launching = true;
  const settle = () => {
    if (--outstanding === 0 && !launching) allDone();
  };
  const countError = () => stats.errors++;
  const launchOne = (i: number, now: number) => {
    if (now - at[i] > abandonAfter) return void stats.abandoned++;
    stats.launched++;
    outstanding++;
    // A request that throws is a gameday bug, but it must not take the run down unreconciled.
    // (`.then(undefined, f).then(g)` calls g exactly when `.catch(f).finally(g)` would, with
    // fewer promises: finally's own are garbage nobody reads.)
    launch(i).then(undefined, countError).then(settle);
  };
  try {
    for (let i = 0; i < at.length;) {
      const now = clock.now();
      if (opts.stop?.aborted) {
        const cut = opts.stoppedAt?.();
        if (cut !== undefined) for (; i < at.length && at[i] < cut; i++) launchOne(i, now);
        // Due this very instant counts as not due: whether it went first is a tie of timers, no shortfall.
        stats.cutAt = cut ?? now;
        for (let j = i; j < at.length; j++) if (at[j] >= stats.cutAt) stats.notDue++;
        break;
      }
      if (at[i] > now) {
        // An interrupt ends the wait at once: a long gap before the next arrival must not hold Ctrl-C.
        await clock.sleep(at[i] - now, opts.stop).catch(ignore);
        continue;
      }
      for (let n = 0; i < at.length && at[i] <= now; i++, n++) {
        if (n === yieldEvery) {
          await clock.sleep(0);
          break;
        }
        launchOne(i, now);
      }
    }
  } finally {
    // The stop signal combines two, and Node holds such a signal while it has a listener.
    if (opts.stop) SignalSleeps.release(opts.stop);
  }
  launching = false;
  if (outstanding > 0) await finished;
  return stats;
}
