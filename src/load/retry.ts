import type { Rng } from '../time/index.js';
import type { RetryConfig } from './retry-schema.js';
import { isAccepted, isShed, type ClientAnswer } from './transport.js';

/**
 * Decides whether and when a client tries again. One instance per run: the retry budget
 * (retries at most `budget` × requests started) is shared, as a real client library's is.
 */
export class RetryPolicy {
  private tokens = 0;

  constructor(
    private readonly config: RetryConfig,
    private readonly rng: Rng,
  ) {}

  /** Each new logical request earns `budget` retries. */
  onRequestStarted(): void {
    this.tokens += this.config.budget;
  }

  /** Milliseconds to wait before the next attempt, or undefined to stop. `attempt` counts from 1. */
  nextDelay(answer: ClientAnswer, attempt: number): number | undefined {
    const c = this.config;
    if (c.policy === 'none' || isAccepted(answer) || attempt >= c.maxAttempts) return undefined;
    // A timed-out attempt may have been accepted: naive clients resend anyway, careful ones do not.
    // A naive client has no retry budget either: that is what makes it a storm (maxAttempts still caps it).
    if (c.policy === 'naive') return 0;
    if (answer.kind === 'timeout' || !this.isRetryable(answer) || !this.spend()) return undefined;
    return this.backoff(answer, attempt);
  }

  private isRetryable(a: ClientAnswer): boolean {
    return a.kind === 'network' || isShed(a) || (a.kind === 'status' && a.status >= 500);
  }

  /** Retry-After when given (plus up to 50% jitter so retries do not arrive in lockstep), else full-jitter exponential. */
  private backoff(a: ClientAnswer, attempt: number): number {
    const c = this.config;
    if (a.kind === 'status' && a.retryAfterS) return Math.min(c.maxDelay, a.retryAfterS * 1000 * (1 + 0.5 * this.rng.next()));
    return Math.min(c.maxDelay, c.baseDelay * 2 ** (attempt - 1)) * this.rng.next();
  }

  private spend(): boolean {
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
