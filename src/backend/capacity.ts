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
