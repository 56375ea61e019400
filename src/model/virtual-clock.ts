import { type Clock, sleepWith } from './clock.js';

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
  private readonly heap: Timer[] = [];

  now(): number {
    return this.time;
  }

  setTimer(ms: number, fn: () => void): () => void {
    const timer: Timer = { at: this.time + Math.max(0, ms), seq: this.seq++, fn };
    this.push(timer);
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
    let first = this.pop();
    while (first && !first.fn) first = this.pop();
    if (!first) return false;
    this.time = first.at;
    first.fn!();
    while (this.heap.length && this.heap[0].at === this.time) {
      const t = this.pop()!;
      t.fn?.();
    }
    return true;
  }

  private before(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private pop(): Timer | undefined {
    const h = this.heap;
    if (!h.length) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.before(h[l], h[m])) m = l;
        if (r < h.length && this.before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}
