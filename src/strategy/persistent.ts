import { z } from 'zod';
import { ConfigError, DEFAULT_REDIS_URL, type ClaimedJob, type QueueStore, type ServiceCounters } from '../model/index.js';
import { DEFAULT_MAX_ATTEMPTS, LIMITS, duration, durationAtLeast } from '../units/index.js';
import { deadLetterReason, leaseOf, queuedJob, retryBackoffMs } from './durable-job.js';
import { ACCEPTED } from './queue-strategy.js';
import { DrainRateEstimator } from './retry-after.js';
import { SharedQueueStrategy } from './persistent-shared.js';

import type { Admission, Job, Lease, Settlement, SettleResult, Strategy, StrategyDeps, StrategyModule } from './types.js';

/** The shortest lease and poll interval accepted (documented in the option comments). */
const MIN_LEASE_MS = 100;
const MIN_POLL_MS = 10;

const optionsSchema = z
  .object({
    /**
     * Where the queue lives: an embedded SQLite file (survives SIGKILL), memory (dies with the
     * process), or Redis (survives SIGKILL, shared by many service processes and machines; live mode only). @default sqlite
     */
    store: z.enum(['sqlite', 'memory', 'redis']).default('sqlite'),
    /**
     * The SQLite queue file. In sim, a queue without one is simulated in memory, with the file's
     * semantics and its durability across a kill and no statement per job; name one to simulate
     * on the file itself. @default queue.db in the run's output folder (a temporary folder without --out)
     */
    path: z.string().min(1).optional(),
    /**
     * The Redis server of `store: redis`. Each run keeps its queue under its own key prefix
     * (`gameday:run:<run id>`) and deletes it at the end. @default redis://127.0.0.1:6379
     * @example redis://10.0.0.5:6379
     */
    url: z
      .string()
      .regex(/^rediss?:\/\//, { error: 'Expected `url` to start with redis:// or rediss://' })
      .optional(),
    /**
     * How long a claimed job stays invisible to other workers (visibility timeout). A job
     * whose worker or process died comes back this long after its claim. Short on purpose, so a
     * crash recovers within a short game day; it must exceed the slowest backend call (with the
     * service's own retries), or a slow job is redelivered and completes twice. On Redis this
     * is BullMQ's `lockDuration`. At least 100ms. @default 5s
     */
    lease: durationAtLeast(MIN_LEASE_MS, 'a lease shorter than that expires before a backend call can answer, and every job is redelivered forever').prefault(
      '5s',
    ),
    /** Claims per job (crash redeliveries included) before a failure dead-letters it. @default 3 */
    maxAttempts: z.number().int().min(1).max(LIMITS.maxAttempts).default(DEFAULT_MAX_ATTEMPTS),
    /**
     * How many times a job whose lease expired (its worker died, or outlived the lease) is put
     * back; the next time it goes to dead letters, failed with the reason, so a job that kills
     * every worker that takes it does not circle forever. BullMQ's `maxStalledCount`, with its
     * default. 0: never put back. @default 1
     */
    maxStalled: z.number().int().min(0).max(LIMITS.maxAttempts).default(1),
    /** Delay before a failed job is tried again: retryBackoff × 2^(attempt-1), jittered. @default 500ms */
    retryBackoff: duration.prefault('500ms'),
    /** How often idle workers look for expired leases and due retries (on Redis: BullMQ's `stalledInterval`; every worker process checks). At least 10ms. @default 100ms */
    poll: durationAtLeast(MIN_POLL_MS, 'idle workers would look for work without pause').prefault('100ms'),
  })
  .strict()
  .refine((o) => o.url === undefined || o.store === 'redis', { error: '`url` is for `store: redis`; a sqlite queue takes `path`', path: ['url'] })
  // The same rule for an editor checking the file as it is written.
  .meta({ if: { required: ['url'] }, then: { properties: { store: { const: 'redis' } }, required: ['store'] } });

type Options = z.infer<typeof optionsSchema>;

/**
 * A durable, bounded queue behind a QueueStore (SQLite by default): at-least-once delivery with
 * leases, bounded retries with backoff, a dead-letter state, and the request id as idempotency
 * key. Everything it knows lives in the store, so a restarted process picks up where the killed
 * one stopped; this object only keeps what this process's workers hold right now.
 */
class PersistentStrategy implements Strategy {
  private readonly parked: (() => void)[] = [];
  /** Claims held by this process's workers, by lease token (a slow job redelivered is held twice). */
  private readonly held = new Map<number, ClaimedJob>();
  private readonly counts = { received: 0, accepted: 0, shed: 0, rejected: 0, processed: 0, failed: 0 };
  private readonly drain: DrainRateEstimator;
  private cancelPoll: (() => void) | null = null;
  private lastReclaim = -Infinity;
  private closed = false;
  /** Set when the store failed under a worker (disk full, file gone): the service is down for good. */
  private broken = false;

  constructor(
    private readonly options: Options,
    private readonly deps: StrategyDeps,
    private readonly store: QueueStore,
  ) {
    this.drain = new DrainRateEstimator(deps.clock, deps.workers);
  }

  admit(job: Job): Admission {
    this.counts.received++;
    const added = this.storeOr(() => this.store.enqueue(queuedJob(job, this.options.maxAttempts), this.deps.clock.now()), 'failed' as const);
    if (added === 'failed') {
      this.counts.rejected++;
      return { kind: 'rejected', status: 500, reason: 'queue store failed' };
    }
    if (added === 'full') {
      this.counts.shed++;
      return { kind: 'shed', status: 503, retryAfterS: this.drain.retryAfterSeconds(this.depth()), reason: 'durable queue full' };
    }
    // 'exists' is a retry of a request already queued (or done): accepted again, queued once.
    this.counts.accepted++;
    if (added === 'added') this.wake(1);
    return ACCEPTED;
  }

  take(deliver: (lease: Lease | undefined) => void): void {
    if (this.closed) return deliver(undefined);
    const lease = this.storeOr(() => this.claim(), undefined);
    if (lease) return deliver(lease);
    if (this.closed) return deliver(undefined); // the claim broke the store
    this.parked.push(() => this.take(deliver));
    this.pollSoon();
  }

  settle(lease: Lease, result: Settlement): SettleResult {
    return this.storeOr(() => this.finish(lease, result), { terminal: false });
  }

  private finish(lease: Lease, result: Settlement): SettleResult {
    const claim = this.held.get(lease.lease);
    this.held.delete(lease.lease);
    this.drain.observe();
    const now = this.deps.clock.now();
    if (result.ok) {
      // false: the lease expired and the job was handed out again; the backend did the work
      // anyway, so the redelivery will show up as a duplicate. Nothing to report here.
      this.store.complete(lease.job.id, lease.lease, now);
      this.counts.processed++;
      return { terminal: true };
    }
    const attempts = claim?.attempts ?? Infinity;
    const last = attempts >= (claim?.maxAttempts ?? 0);
    const retryAt = last ? null : now + retryBackoffMs(this.options.retryBackoff, attempts, this.deps.rng);
    // Not ours any more (the lease expired and someone else holds the job): not the end of it.
    if (!this.store.fail(lease.job.id, lease.lease, now, result.reason, retryAt)) return { terminal: false };
    if (!last) return { terminal: false };
    this.counts.failed++;
    return { terminal: true, reason: deadLetterReason(result.reason) };
  }

  abandon(lease: Lease): void {
    // The worker died without acknowledging: the store still says leased, and the job comes
    // back when the lease expires. It is no longer in this process's hands.
    this.held.delete(lease.lease);
  }

  /** Ready jobs, plus leased ones no worker of this process holds (they come back when their lease expires). */
  depth(): number {
    return this.storeOr(() => {
      const c = this.store.counts();
      return c.ready + Math.max(0, c.leased - this.held.size);
    }, 0);
  }

  counters(): ServiceCounters {
    return { ...this.counts, depth: this.depth() };
  }

  close(): void {
    this.closed = true;
    this.cancelPoll?.();
    this.cancelPoll = null;
    this.wake(Infinity);
  }

  /**
   * A store that fails under a worker (disk full, file removed) takes the service down: the
   * process dies with the reason, as a real one would, instead of an unhandled rejection. Its
   * jobs stay in the file.
   */
  private storeOr<T>(run: () => T, fallback: T): T {
    if (this.broken) return fallback;
    try {
      return run();
    } catch (err) {
      this.broken = true;
      this.close();
      this.deps.die(`queue store failed: ${err instanceof Error ? err.message : String(err)}`);
      return fallback;
    }
  }

  private claim(): Lease | undefined {
    const now = this.deps.clock.now();
    // A clock that moved back (a process rebased to the run's start after it began claiming) must not hold the check off.
    if (now - this.lastReclaim >= this.options.poll || now < this.lastReclaim) {
      this.store.reclaimExpired(now, this.options.maxStalled);
      this.lastReclaim = now;
    }
    const claimed = this.store.claim(now, this.options.lease);
    if (!claimed) return undefined;
    this.held.set(claimed.lease, claimed);
    return leaseOf(claimed);
  }

  /** While a worker is parked, look again every `poll`: expired leases and due retries appear without an enqueue. */
  private pollSoon(): void {
    if (this.cancelPoll || this.closed) return;
    this.cancelPoll = this.deps.clock.setTimer(this.options.poll, () => {
      this.cancelPoll = null;
      this.wake(Infinity);
    });
  }

  /** Lets `n` parked workers look again, first parked first; one that finds nothing parks anew, to be woken by a later call. */
  private wake(n: number): void {
    if (this.parked.length === 0) return;
    for (const look of this.parked.splice(0, n)) look();
  }
}

/** `persistent`: the durable queue. Full → 503 + Retry-After; survives SIGKILL; at-least-once with idempotency. */
export const persistent = {
  type: 'persistent',
  traits: { keepsAccepted: true, bounded: true, ends: false, acceptsEveryOffer: false, holdsCallers: false },
  describe:
    'Durable bounded queue (embedded SQLite, WAL; or Redis, shared by many processes): survives SIGKILL, leases + retries + dead-letter; 503 + Retry-After when full.',
  optionsSchema,
  storeSpec: (options) => (options.store === 'redis' ? { kind: 'redis', url: options.url ?? DEFAULT_REDIS_URL } : { kind: options.store, path: options.path }),
  create(options, deps) {
    if (deps.sharedStore) return new SharedQueueStrategy(options, deps, deps.sharedStore);
    if (!deps.store) {
      throw new ConfigError(
        'The persistent strategy needs a queue store in `deps.store`, got none (runScenario opens one from the strategy options `store` and `path`; a direct caller must pass one)',
        'GD_ERR_NO_STORE',
      );
    }
    return new PersistentStrategy(options, deps, deps.store);
  },
} satisfies StrategyModule<Options>;
