import { type Clock, sleepWith } from './clock.js';
import { Heap } from './heap.js';

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
    const timer: Timer = { at: this.time + Math.max(0, ms), seq: this.seq++, fn };
    this.heap.push(timer);
    return () => {
      timer.fn = null;
    };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepWith((m, f) => this.setTimer(m, f), ms, signal);
  }

  /** Drives virtual time until `main` settles; throws if it can never settle (a deadlock). */
  async run<T>(main: Promise<T>): Promise<T> {
    let settled = false;
    const done = main.finally(() => {
      settled = true;
    });
    done.catch(() => undefined);
    for (;;) {
      await new Promise<void>((r) => setImmediate(r));
      if (settled) return done;
      if (!this.fireNextInstant()) throw new Error('virtual clock: nothing left to run but the run has not finished');
    }
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
