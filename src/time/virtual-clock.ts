import { type Clock, sleepWith } from './clock.js';
import { Heap } from './heap.js';

/** Instants fired in one turn of the event loop (see run). */
const INSTANTS_PER_TURN = 512;

interface Timer {
  at: number;
  seq: number;
  fn: (() => void) | null;
}

/**
 * A discrete-event clock: time moves only when `run` fires the next timer. Between timers it lets
 * every pending promise settle (one macrotask turn), so async strategy and worker code behaves as
 * it would on the wall clock, in virtual time and deterministically.
 */
export class VirtualClock implements Clock {
  private time = 0;
  private seq = 0;
  // Earliest first; timers set for the same instant fire in the order they were set.
  private readonly heap = new Heap<Timer>((a, b) => a.at < b.at || (a.at === b.at && a.seq < b.seq));

  now(): number {
    return this.time;
  }

  setTimer(ms: number, fn: () => void): () => void {
    const timer = this.push(ms, fn);
    return () => {
      timer.fn = null;
    };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    // Without a signal nothing can cancel it: the timer resolves the promise itself, with no
    // closures around it (a sleep per backend call and per arrival gap).
    if (!signal) return new Promise((resolve) => void this.push(ms, resolve));
    return sleepWith(this.setTimerFn, ms, signal);
  }

  private readonly setTimerFn = (ms: number, fn: () => void) => this.setTimer(ms, fn);

  private push(ms: number, fn: () => void): Timer {
    const timer: Timer = { at: this.time + Math.max(0, ms), seq: this.seq++, fn };
    this.heap.push(timer);
    return timer;
  }

  /** Drives virtual time until `main` settles; throws if it can never settle (a deadlock). */
  run<T>(main: Promise<T>): Promise<T> {
    let settled = false;
    const done = main.finally(() => {
      settled = true;
    });
    done.catch(() => undefined);
    return new Promise<T>((resolve, reject) => {
      let over = false;
      // One instant per immediate: Node drains every pending promise between two immediates, so
      // each instant fires only once the promise chains of the one before have settled.
      const step = () => {
        if (over) return;
        if (settled) {
          over = true;
          return resolve(done);
        }
        try {
          if (this.fireNextInstant()) return;
          over = true;
          reject(new Error('virtual clock: nothing left to run but the run has not finished'));
        } catch (e) {
          over = true;
          reject(e);
        }
      };
      // Immediates queued together all run in one turn of the event loop; queued one by one (each
      // from the last) every instant paid a whole turn, which was most of a sim run's time.
      const turn = () => {
        for (let i = 1; i < INSTANTS_PER_TURN; i++) setImmediate(step);
        setImmediate(() => {
          step();
          if (!over) turn();
        });
      };
      turn();
    });
  }

  /** Fires every timer due at the earliest pending instant. Returns false if none is pending. */
  private fireNextInstant(): boolean {
    let first = this.heap.pop();
    while (first && !first.fn) first = this.heap.pop();
    if (!first) return false;
    this.time = first.at;
    first.fn!();
    while (this.heap.size && this.heap.peek()!.at === this.time) {
      const t = this.heap.pop()!;
      t.fn?.();
    }
    return true;
  }
}
