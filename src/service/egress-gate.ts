import type { Clock } from '../time/index.js';

/**
 * A semaphore with a limit that may change while calls wait, and a pause: no call starts before
 * `pauseUntil` (a backend's `retry-after`). Waiters are served first come, first served.
 */
export class CallGate {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private pausedUntil = 0;
  private timer: (() => void) | undefined;
  private pumping = false;

  constructor(
    private readonly clock: Clock,
    private limit: number,
  ) {}

  /** Calls `go` once a call may start: at once if one may now. */
  acquire(go: () => void): void {
    if (this.waiting.length === 0 && this.open()) {
      this.inFlight++;
      return go();
    }
    this.waiting.push(go);
    this.pump();
  }

  release(): void {
    this.inFlight--;
    this.pump();
  }

  setLimit(limit: number): void {
    this.limit = limit;
    this.pump();
  }

  pauseUntil(at: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, at);
  }

  private open(): boolean {
    return this.inFlight < Math.max(1, Math.floor(this.limit)) && this.clock.now() >= this.pausedUntil;
  }

  private pump(): void {
    // A call let go here may end at once (a dead process's) and release again: that release is
    // seen by this loop, not a pump nested inside it, or a crash with thousands of waiters would
    // nest as deep as they are many.
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiting.length && this.open()) {
        this.inFlight++;
        this.waiting.shift()!();
      }
    } finally {
      this.pumping = false;
    }
    const pausedFor = this.pausedUntil - this.clock.now();
    if (this.waiting.length && pausedFor > 0 && !this.timer) {
      this.timer = this.clock.setTimer(pausedFor, () => {
        this.timer = undefined;
        this.pump();
      });
    }
  }
}
