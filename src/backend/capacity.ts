/**
 * The backend's own capacity: at most `max` calls in progress at once (a streaming call holds
 * its slot until its last event). A call beyond that is answered 529 `overloaded_error` at once,
 * which is how the Claude API says "not you, us".
 */
export class BackendCapacity {
  private inProgress = 0;
  /** The most calls it ever held at once. */
  peak = 0;

  constructor(readonly max: number = Infinity) {}

  get busy(): number {
    return this.inProgress;
  }

  /** Takes a slot; false when full (the caller answers 529). */
  tryEnter(): boolean {
    if (this.inProgress >= this.max) return false;
    this.inProgress++;
    this.peak = Math.max(this.peak, this.inProgress);
    return true;
  }

  leave(): void {
    this.inProgress = Math.max(0, this.inProgress - 1);
  }
}

/**
 * Latency that rises with load before the backend refuses it (opt-in: `backend.congestion`).
 * Up to `knee` calls in progress a call takes its drawn latency; past it, latency is multiplied by
 * `1 + (factor − 1) × (inProgress − knee) / (capacity − knee)`, so it reaches `factor` × at
 * `capacity`, and the next call is answered 529. An adaptive egress has this rise to steer by.
 */
export interface CongestionConfig {
  /** Calls in progress (this one included) up to which latency is unaffected. */
  knee: number;
  /** What latency is multiplied by when the backend is at capacity. */
  factor: number;
}

export function congestionFactor(c: CongestionConfig | undefined, inProgress: number, capacity: number): number {
  if (!c || inProgress <= c.knee || !Number.isFinite(capacity)) return 1;
  return 1 + (c.factor - 1) * Math.min(1, (inProgress - c.knee) / Math.max(1, capacity - c.knee));
}
