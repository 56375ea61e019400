import type { AsyncQueueStore, ClaimedJob, ServiceCounters, StoreCounts } from '../model/index.js';
import { deadLetterReason, leaseOf, queuedJob, retryBackoffMs } from './durable-job.js';
import { ACCEPTED } from './queue-strategy.js';
import type { Admission, Job, Lease, Settlement, SettleResult, Strategy, StrategyDeps } from './types.js';

/** The persistent strategy's options this runtime reads (validated in persistent.ts). */
export interface SharedQueueOptions {
  lease: number;
  maxAttempts: number;
  maxStalled: number;
  retryBackoff: number;
  poll: number;
}

/** How far back the drain rate behind Retry-After looks (ms). */
const DRAIN_WINDOW_MS = 5000;

/**
 * The persistent strategy over a queue shared by many processes (Redis): the same contract as
 * over SQLite, answered asynchronously. Everything lives in the store; API processes only admit
 * (no workers) and worker processes only claim, so the queue's counts are read back every `poll`
 * instead of kept here, and Retry-After comes from the queue's own completions per second (every
 * process's), not from this process's workers.
 */
export class SharedQueueStrategy implements Strategy {
  /** Idle workers: each wakes on a local enqueue or after `poll` (jobs enqueued by other processes, expired leases). */
  private readonly parked = new Map<() => void, () => void>();
  /** Claims held by this process's workers, by lease token. */
  private readonly held = new Map<number, ClaimedJob>();
  private readonly counts = { received: 0, accepted: 0, shed: 0, rejected: 0, processed: 0, failed: 0 };
  /** The queue's counts as last read, and the done counts of the last few seconds (for the drain rate). */
  private seen: StoreCounts = { ready: 0, leased: 0, done: 0, dead: 0 };
  private readonly doneAt: { at: number; done: number }[] = [];
  private cancelRefresh: (() => void) | null = null;
  private lastReclaim = -Infinity;
  private closed = false;
  private broken = false;

  constructor(
    private readonly options: SharedQueueOptions,
    private readonly deps: StrategyDeps,
    private readonly store: AsyncQueueStore,
  ) {
    this.refresh();
  }

  async admit(job: Job): Promise<Admission> {
    this.counts.received++;
    const added = await this.storeOr(() => this.store.enqueue(queuedJob(job, this.options.maxAttempts), this.deps.clock.now()), 'failed' as const);
    if (added === 'failed') {
      this.counts.rejected++;
      return { kind: 'rejected', status: 500, reason: 'queue store failed' };
    }
    if (added === 'full') {
      this.counts.shed++;
      return { kind: 'shed', status: 503, retryAfterS: this.retryAfterSeconds(), reason: 'durable queue full' };
    }
    this.counts.accepted++;
    if (added === 'added') this.wake(1);
    return ACCEPTED;
  }

  take(deliver: (lease: Lease | undefined) => void): void {
    void this.nextLease().then(deliver);
  }

  private async nextLease(): Promise<Lease | undefined> {
    while (!this.closed) {
      const lease = await this.storeOr(() => this.claim(), undefined);
      if (lease) return lease;
      if (this.closed) break;
      await new Promise<void>((resolve) => {
        const cancel = this.deps.clock.setTimer(this.options.poll, () => this.parked.delete(resolve) && resolve());
        this.parked.set(resolve, cancel);
      });
    }
    return undefined;
  }

  async settle(lease: Lease, result: Settlement): Promise<SettleResult> {
    return this.storeOr(() => this.finish(lease, result), { terminal: false });
  }

  abandon(lease: Lease): void {
    // The worker died without acknowledging: the job comes back when its lease expires.
    this.held.delete(lease.lease);
  }

  /** Ready jobs, plus leased ones no worker of this process holds, as of the last read (every `poll`). */
  depth(): number {
    return this.seen.ready + Math.max(0, this.seen.leased - this.held.size);
  }

  counters(): ServiceCounters {
    return { ...this.counts, depth: this.depth() };
  }

  close(): void {
    this.closed = true;
    this.cancelRefresh?.();
    this.cancelRefresh = null;
    this.wake(Infinity);
  }

  private async finish(lease: Lease, result: Settlement): Promise<SettleResult> {
    const claim = this.held.get(lease.lease);
    this.held.delete(lease.lease);
    const now = this.deps.clock.now();
    if (result.ok) {
      // false: the lease expired and the job went to another worker; its completion will count as a duplicate.
      await this.store.complete(lease.job.id, lease.lease, now);
      this.counts.processed++;
      return { terminal: true };
    }
    const attempts = claim?.attempts ?? Infinity;
    const last = attempts >= (claim?.maxAttempts ?? 0);
    const retryAt = last ? null : now + retryBackoffMs(this.options.retryBackoff, attempts, this.deps.rng);
    if (!(await this.store.fail(lease.job.id, lease.lease, now, result.reason, retryAt))) return { terminal: false };
    if (!last) return { terminal: false };
    this.counts.failed++;
    return { terminal: true, reason: deadLetterReason(result.reason) };
  }

  private async claim(): Promise<Lease | undefined> {
    const now = this.deps.clock.now();
    // A clock that moved back (a process rebased to the run's start after it began claiming) must not hold the check off.
    if (now - this.lastReclaim >= this.options.poll || now < this.lastReclaim) {
      this.lastReclaim = now;
      await this.store.reclaimExpired(now, this.options.maxStalled);
    }
    const claimed = await this.store.claim(this.deps.clock.now(), this.options.lease);
    if (!claimed) return undefined;
    if (this.closed) return undefined; // a process going down takes nothing more; the lease brings it back
    this.held.set(claimed.lease, claimed);
    return leaseOf(claimed);
  }

  /** Reads the queue's counts every `poll` while the process lives. */
  private refresh(): void {
    if (this.closed) return;
    void this.storeOr(async () => {
      this.seen = await this.store.counts();
      const now = this.deps.clock.now();
      this.doneAt.push({ at: now, done: this.seen.done + this.seen.dead });
      while (this.doneAt.length > 1 && this.doneAt[0].at < now - DRAIN_WINDOW_MS) this.doneAt.shift();
    }, undefined);
    this.cancelRefresh = this.deps.clock.setTimer(this.options.poll, () => this.refresh());
  }

  /** Retry-After = ceil(depth / drain rate) seconds, at least 1; the drain rate is every process's finished jobs per second. */
  private retryAfterSeconds(): number {
    const first = this.doneAt[0];
    const last = this.doneAt[this.doneAt.length - 1];
    const spanS = first && last ? (last.at - first.at) / 1000 : 0;
    const rate = spanS > 0 && last.done > first.done ? (last.done - first.done) / spanS : this.deps.workers;
    return Math.max(1, Math.ceil(this.depth() / Math.max(rate, 1e-3)));
  }

  /** A store that fails (Redis gone for good) takes the service down with the reason, as a real one would. */
  private async storeOr<T>(run: () => Promise<T>, fallback: T): Promise<T> {
    if (this.broken) return fallback;
    try {
      return await run();
    } catch (err) {
      if (this.broken) return fallback;
      this.broken = true;
      this.close();
      this.deps.die(`queue store failed: ${err instanceof Error ? err.message : String(err)}`);
      return fallback;
    }
  }

  private wake(n: number): void {
    for (const [resolve, cancel] of this.parked) {
      if (n-- <= 0) return;
      this.parked.delete(resolve);
      cancel();
      resolve();
    }
  }
}
