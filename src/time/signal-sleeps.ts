import { ArrivalList, type ArrivalEntry } from './arrival-list.js';

interface Sleeper {
  cancel: () => void;
  reject: (reason: unknown) => void;
}

// The listener of each signal's SignalSleeps, to tell it apart from anyone else's (see reusable).
const listeners = new WeakMap<() => void, SignalSleeps>();
const bySignal = new WeakMap<AbortSignal, SignalSleeps>();

/**
 * The sleeps of a virtual clock waiting on one abort signal, behind one listener they share for
 * the signal's life: a worker's signal sees a sleep per backend call, and adding and removing a
 * listener per sleep was a tenth of a simulated request's time. An abort ends them as their own
 * listeners did, oldest first: each timer cancelled, then its sleep rejected with the reason.
 */
export class SignalSleeps {
  private readonly sleepers = new ArrivalList<Sleeper>();
  private readonly onAbort = () => {
    for (const s of this.sleepers.takeAll()) {
      s.cancel();
      s.reject(this.signal.reason);
    }
  };

  private constructor(private readonly signal: AbortSignal) {
    listeners.set(this.onAbort, this);
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  static of(signal: AbortSignal): SignalSleeps {
    let sleeps = bySignal.get(signal);
    if (!sleeps) bySignal.set(signal, (sleeps = new SignalSleeps(signal)));
    return sleeps;
  }

  add(sleeper: Sleeper): ArrivalEntry<Sleeper> {
    return this.sleepers.add(sleeper);
  }

  /** The sleep's timer fired: it no longer waits on the signal. */
  remove(entry: ArrivalEntry<Sleeper>): void {
    this.sleepers.remove(entry);
  }

  get idle(): boolean {
    return this.sleepers.first() === undefined;
  }
}

/** Whether `listener` is a SignalSleeps' with no sleep waiting: one that acts on nothing if the signal aborts. */
export function isIdleSleepListener(listener: unknown): boolean {
  return listeners.get(listener as () => void)?.idle ?? false;
}
