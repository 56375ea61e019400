import { deriveRng, logNormal, logNormalDraws, type Clock, type Rng } from '../time/index.js';
import { congestionFactor } from './capacity.js';
import type { OpenFaults } from '../fault/index.js';
import type { MockConfig } from './mock-config.js';
import type { MockCall } from './types.js';

/**
 * What the mock draws for an answer: how long it takes (latency, time to first token, token
 * pacing, slowed by open faults and by congestion) and how many tokens it writes. Each kind of
 * draw has its own seeded stream, so adding draws of one kind does not shift another.
 */
export class AnswerDraws {
  readonly latencyRng: Rng;
  readonly outcomeRng: Rng;
  readonly streamRng: Rng;
  private readonly baseLatency: () => number;
  private readonly outputTokens: () => number;

  constructor(
    private readonly config: MockConfig,
    seed: number,
    private readonly clock: Clock,
    private readonly faults: OpenFaults,
    /** Calls in progress now: what congestion slows answers by. */
    private readonly busy: () => number,
  ) {
    this.latencyRng = deriveRng(seed, 'backend-latency');
    this.outcomeRng = deriveRng(seed, 'backend-outcome');
    this.streamRng = deriveRng(seed, 'backend-stream');
    this.baseLatency = logNormalDraws(this.latencyRng, config.latency.p50, config.latency.p99);
    this.outputTokens = logNormalDraws(this.outcomeRng, config.outputTokens.p50, config.outputTokens.p99);
  }

  /** What latency is multiplied by now: open slowdowns and congestion. */
  factor(): number {
    const congestion = congestionFactor(this.config.congestion, this.busy(), this.config.capacity ?? Infinity);
    return this.faults.slowdown(this.clock.now()) * congestion;
  }

  latency(): number {
    return this.baseLatency() * this.factor() + this.added();
  }

  /** What open faults add to the start of an answer (backend-jitter); drawn only while one is open. */
  added(): number {
    return this.faults.addedDelay(this.clock.now(), this.latencyRng);
  }

  ttft(t = this.config.stream!.ttft): number {
    return logNormal(this.latencyRng, t.p50, t.p99) * this.factor() + this.added();
  }

  /** A token-paced answer's length: its first token, then `out` tokens at the stream's pace. */
  tokenPaced(out: number): number {
    return this.ttft() + out * this.config.stream!.perToken * this.factor();
  }

  output(call: MockCall): number {
    return Math.min(call.maxTokens, Math.max(1, Math.round(this.outputTokens())));
  }
}
