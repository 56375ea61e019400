import { getEventListeners } from 'node:events';
import { isIdleSleepListener } from './signal-sleeps.js';

/**
 * Whether a controller can serve its next owner as if it were new: never aborted, and nobody
 * still listening to its signal. A controller per client attempt and per worker job was most of a
 * virtual-time run's garbage (an AbortSignal with its listener map is about a kilobyte) and a
 * tenth of its CPU. A listener left behind (an HTTP client that unhooks only when garbage
 * collected) means someone may still act on an abort, so that controller is never reused.
 * The owner that hands a controller on must no longer read its signal itself.
 */
export function reusable(c: AbortController, listenersReleased = false): boolean {
  if (c.signal.aborted) return false;
  // Its users said they leave nothing acting on it (see Transport.releasesSignal): no need to look.
  if (listenersReleased) return true;
  const listeners = getEventListeners(c.signal, 'abort');
  // A virtual clock's shared sleep listener with no sleep left acts on nothing (see SignalSleeps).
  return listeners.length === 0 || (listeners.length === 1 && isIdleSleepListener(listeners[0]));
}

/**
 * The most free controllers a pool keeps: what a steady run reuses. A burst makes one per arrival
 * at once (none is free until its owner is done), and kept they held most of a kilobyte each for
 * the rest of the run.
 */
const MAX_FREE = 4096;

/** Controllers of finished owners, handed out again (see reusable). */
export class AbortControllerPool {
  private readonly free: AbortController[] = [];

  take(): AbortController {
    return this.free.pop() ?? new AbortController();
  }

  /** Its owner is done with it: kept for the next one if reusable (`listenersReleased`: see reusable). */
  release(c: AbortController, listenersReleased = false): void {
    if (this.free.length < MAX_FREE && reusable(c, listenersReleased)) this.free.push(c);
  }
}
