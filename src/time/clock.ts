import { SignalSleeps } from './signal-sleeps.js';

/**
 * Time, injected. Strategies, workers, the mock backend and the load generator read and wait
 * only through a Clock, so the same code runs on the wall clock (live) or a virtual one (sim).
 * Times are milliseconds since the clock's origin (the start of the run).
 */
export interface Clock {
  now(): number;
  /** Calls `fn` after `ms`; returns a function that cancels it. */
  setTimer(ms: number, fn: () => void): () => void;
  /** Resolves after `ms`; rejects with the signal's reason if aborted first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * `sleepWith` without the promise: calls `done` after `ms`, or `aborted` with the signal's reason
 * if the signal aborts first (at once, if it has). Sleeps on the same signal share one abort
 * listener for the signal's life (see SignalSleeps): adding and removing one per sleep was a tenth
 * of a virtual-time run, and a combined signal's (the generator's stop) are Node's dearest.
 */
export function waitOn(
  clock: Pick<Clock, 'setTimer'>,
  ms: number,
  signal: AbortSignal | undefined,
  done: () => void,
  aborted: (reason: unknown) => void,
): void {
  if (!signal) return void clock.setTimer(ms, done);
  if (signal.aborted) return aborted(signal.reason);
  const sleeps = SignalSleeps.of(signal);
  const sleeper: { cancel: () => void; reject: (reason: unknown) => void } = { cancel: NO_CANCEL, reject: aborted };
  const entry = sleeps.add(sleeper);
  sleeper.cancel = clock.setTimer(ms, () => {
    sleeps.remove(entry);
    done();
  });
}

const NO_CANCEL = () => undefined;

/** A sleep on any clock's timers (see waitOn). */
export function sleepWith(setTimer: Clock['setTimer'], ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => waitOn({ setTimer }, ms, signal, resolve, reject));
}

/** The wall clock, from `performance.now()`. */
export class RealClock implements Clock {
  /** @param origin the run's start in epoch ms, shared by processes that must agree on time */
  constructor(private origin = performance.timeOrigin + performance.now()) {}
  /** The run's start in epoch ms. */
  get originEpochMs(): number {
    return this.origin;
  }
  /**
   * Moves the origin (to now by default): the run's time 0 is when its traffic starts, not when
   * its processes began starting up. Every process of a run rebases to the same epoch.
   */
  rebase(originEpochMs = performance.timeOrigin + performance.now()): void {
    this.origin = originEpochMs;
  }
  now(): number {
    return performance.timeOrigin + performance.now() - this.origin;
  }
  setTimer(ms: number, fn: () => void): () => void {
    // Node's timers may fire up to a millisecond early (libuv counts whole milliseconds from a
    // truncated loop time): a fault due at 1 s must never act at 999 ms, so an early one waits out
    // the rest. Measured on performance.now(), which a rebase does not move.
    const wait = Math.max(0, ms);
    const due = performance.now() + wait;
    const fire = () => {
      const left = due - performance.now();
      if (left > 0) handle = setTimeout(fire, Math.ceil(left));
      else fn();
    };
    let handle = setTimeout(fire, wait);
    return () => clearTimeout(handle);
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepWith((m, f) => this.setTimer(m, f), ms, signal);
  }
}
