import type { Clock } from '../time/index.js';

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

/**
 * Open-loop arrivals: request i is launched at `at[i]` whatever the service is doing; launching
 * never waits for an earlier request's answer (that would be coordinated omission). Resolves
 * when every launched request has finished (`launch` calls `done` once per request, with the
 * error if its client code failed). Launching is not sending: when each request really left is
 * recorded by the client (Ledger.sentAt), and the engine judges the schedule from that.
 *
 * Written on the clock's timers, not awaits: in virtual time an arrival costs one timer, not a
 * sleep's promise and the turns it resumes through.
 */
export function generate(
  at: Float64Array,
  clock: Clock,
  launch: (i: number, done: (err?: unknown) => void) => void,
  opts: GenerateOptions = {},
): Promise<GeneratorStats> {
  return new Promise((resolve) => {
    const stats: GeneratorStats = { launched: 0, notDue: 0, abandoned: 0, errors: 0 };
    const { stop } = opts;
    const yieldEvery = opts.yieldEvery ?? Infinity;
    const abandonAfter = opts.abandonAfterMs ?? Infinity;
    let outstanding = 0;
    let launching = true;
    let i = 0;
    let cancelWait: (() => void) | undefined;
    const finish = () => {
      if (!launching && outstanding === 0) resolve(stats);
    };
    // One function for every request, not a closure each. A request whose client code failed is a
    // gameday bug: it stays without an answer (so lost), counted here, and the run goes on.
    const done = (err?: unknown) => {
      if (err !== undefined) stats.errors++;
      outstanding--;
      finish();
    };
    const launchOne = (k: number, now: number) => {
      if (now - at[k] > abandonAfter) return void stats.abandoned++;
      stats.launched++;
      outstanding++;
      try {
        launch(k, done);
      } catch (err) {
        done(err ?? new Error('launch threw'));
      }
    };
    const end = () => {
      launching = false;
      stop?.removeEventListener('abort', onStop);
      finish();
    };
    const cut = (now: number) => {
      const decided = opts.stoppedAt?.();
      if (decided !== undefined) for (; i < at.length && at[i] < decided; i++) launchOne(i, now);
      // Due this very instant counts as not due: whether it went first is a tie of timers, no shortfall.
      stats.cutAt = decided ?? now;
      for (let j = i; j < at.length; j++) if (at[j] >= stats.cutAt) stats.notDue++;
      end();
    };
    const step = () => {
      cancelWait = undefined;
      for (;;) {
        const now = clock.now();
        if (stop?.aborted) return cut(now);
        if (i >= at.length) return end();
        if (at[i] > now) return void (cancelWait = clock.setTimer(at[i] - now, step));
        for (let n = 0; i < at.length && at[i] <= now; i++, n++) {
          if (n === yieldEvery) return void (cancelWait = clock.setTimer(0, step));
          launchOne(i, now);
        }
      }
    };
    // An interrupt ends the wait at once: a long gap before the next arrival must not hold Ctrl-C.
    // The stop is looked at once the code that stopped it has returned, as an awaited sleep would.
    const onStop = () => {
      if (!cancelWait) return;
      cancelWait();
      cancelWait = undefined;
      // A promise, not queueMicrotask: a virtual clock sees a promise being made and lets it run before time moves on.
      void Promise.resolve().then(step);
    };
    stop?.addEventListener('abort', onStop, { once: true });
    step();
  });
}
