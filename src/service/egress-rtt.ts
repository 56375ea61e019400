/** How many recent samples the smoothed latency mostly reflects: one answer is too noisy to steer by (a log-normal p99 is 4× its p50). */
export const RTT_SAMPLES = 10;

/**
 * What a latency-driven egress steers by, from the latency of its successful calls:
 * - `actual`: the recent latency, an exponential moving average over about RTT_SAMPLES answers;
 * - `noLoad`: the lowest `actual` over the last one to two `windowMs` (a windowed minimum, as
 *   BBR keeps its min RTT), so a backend that became slower for everyone (not from our load)
 *   becomes the new no-load latency after a window, instead of reading as a queue forever.
 */
export class RttWindow {
  private smoothed = 0;
  private currentMin = Infinity;
  private previousMin = Infinity;
  private windowStart: number;

  constructor(
    private readonly windowMs: number,
    now: number,
  ) {
    this.windowStart = now;
  }

  add(rttMs: number, now: number): void {
    this.smoothed = this.smoothed === 0 ? rttMs : this.smoothed + (2 / (RTT_SAMPLES + 1)) * (rttMs - this.smoothed);
    if (now - this.windowStart >= this.windowMs) {
      this.previousMin = this.currentMin;
      this.currentMin = Infinity;
      this.windowStart = now;
    }
    this.currentMin = Math.min(this.currentMin, this.smoothed);
  }

  get actual(): number {
    return this.smoothed;
  }

  get noLoad(): number {
    return Math.min(this.currentMin, this.previousMin);
  }
}
