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

const ONCE = { once: true } as const;

export function sleepWith(setTimer: Clock['setTimer'], ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      cancel();
      reject(signal!.reason);
    };
    const cancel = setTimer(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, ONCE);
  });
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
    const handle = setTimeout(fn, Math.max(0, ms));
    return () => clearTimeout(handle);
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepWith((m, f) => this.setTimer(m, f), ms, signal);
  }
}
