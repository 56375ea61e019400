import { promiseHooks } from 'node:v8';
import { type Clock, sleepWith } from './clock.js';
import { Heap } from './heap.js';

/** Immediates queued at once, each a chance for promise chains to settle (see run). */
const STEPS_PER_TURN = 512;
/** Instants fired in one turn of the event loop: a bound on how long it waits (for a Ctrl-C, a timer of the real clock). */
const INSTANTS_PER_TURN = 4096;

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
      // Whether a promise was made or settled since the last instant began. If one was, a chain
      // may be waiting to resume, so the next instant waits for the next immediate (Node drains
      // every pending promise between two). If none was, no chain can be pending (a reaction is
      // queued only by settling a promise or by making one: `then`, an async call), and the next
      // instant fires at once: the request path, on callbacks, makes no promise at all.
      // Not seen: queueMicrotask, process.nextTick, and resolving a promise with another promise
      // (V8 queues the adoption without telling these hooks). Code that runs in virtual time does
      // none of the three: its resolves pass plain values.
      let promised = true;
      const noticePromise = () => void (promised = true);
      const stopWatching = promiseHooks.createHook({ init: noticePromise, settled: noticePromise });
      const end = (then: () => void) => {
        over = true;
        stopWatching();
        then();
      };
      let budget = 0;
      const step = () => {
        if (over) return;
        while (budget > 0) {
          if (settled) return end(() => resolve(done));
          budget--;
          promised = false;
          try {
            if (!this.fireNextInstant()) return end(() => reject(new Error('virtual clock: nothing left to run but the run has not finished')));
          } catch (e) {
            return end(() => reject(e));
          }
          if (promised) return;
        }
      };
      // Immediates queued together all run in one turn of the event loop; queued one by one (each
      // from the last) every step paid a whole turn.
      const turn = () => {
        budget = INSTANTS_PER_TURN;
        for (let i = 1; i < STEPS_PER_TURN; i++) setImmediate(step);
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
