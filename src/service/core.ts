import type { BackendClient } from '../backend/index.js';
import { deriveRng, PRIORITIES, type Clock, type QueueStore, type ServiceCounters } from '../model/index.js';
import { getStrategy, type Admission, type Job, type Strategy } from '../strategy/index.js';
import { fixedEgress, type Egress } from './egress.js';
import { processJob } from './worker.js';

export interface ServiceConfig {
  strategy: { type: string; options: Record<string, unknown> };
  capacity: number;
  workers: number;
  retries: number;
  seed: number;
}

export interface ServiceDeps {
  clock: Clock;
  backend: BackendClient;
  egress?: Egress;
  store?: QueueStore;
  /** A job ended in a reported terminal failure. */
  onFailed?(id: string, reason: string): void;
  /** A job's processing finished (either way); used by synchronous callers. */
  onSettled?(id: string, ok: boolean): void;
  /** The service died (unbounded out of memory). */
  onDeath?(reason: string, held: { queued: number; inFlight: number }): void;
}

/** Thrown by `submit` once the service is dead: the caller sees a connection error. */
export class ServiceDownError extends Error {
  constructor(readonly reason: string) {
    super(`service is down: ${reason}`);
  }
}

/**
 * The service under test, without its transport: an ingress strategy and N workers calling the
 * backend. The HTTP adapter (live) and the sim transport (virtual time) both drive this.
 */
export class ServiceCore {
  private strategy!: Strategy;
  private generation = new AbortController();
  private workers: Promise<void>[] = [];
  /** One controller per busy worker, so a single worker can be killed mid-job. */
  private readonly busyWorkers = new Set<AbortController>();
  private busy = 0;
  private deathReason: string | null = null;

  constructor(
    private readonly config: ServiceConfig,
    private readonly deps: ServiceDeps,
  ) {
    this.strategy = this.createStrategy();
  }

  get dead(): string | null {
    return this.deathReason;
  }

  start(): void {
    for (let i = 0; i < this.config.workers; i++) this.spawnWorker();
  }

  /** Kills one busy worker mid-job (nothing acknowledged) and starts a replacement. */
  killWorker(): { abandoned: number } {
    const victim = this.busyWorkers.values().next().value;
    if (!victim) return { abandoned: 0 };
    victim.abort(new Error('worker crashed'));
    this.busyWorkers.delete(victim);
    this.busy--;
    this.spawnWorker();
    return { abandoned: 1 };
  }

  submit(job: Job, signal?: AbortSignal): Admission | Promise<Admission> {
    if (this.deathReason) throw new ServiceDownError(this.deathReason);
    return this.strategy.admit(job, signal);
  }

  depth(): number {
    return this.deathReason ? 0 : this.strategy.depth();
  }

  inFlight(): number {
    return this.busy;
  }

  counters(): ServiceCounters {
    return this.strategy.counters();
  }

  /** Everything in memory is gone (a kill): returns what was queued and in flight at that moment. */
  crash(): { queued: number; inFlight: number } {
    const lost = { queued: this.strategy.depth(), inFlight: this.busy };
    this.generation.abort(new Error('service crashed'));
    this.strategy.close();
    this.busy = 0;
    this.busyWorkers.clear();
    return lost;
  }

  /** A fresh process: new strategy state (a durable store keeps its contents), new workers. Returns the backlog it found. */
  restart(): { recovered: number } {
    this.generation = new AbortController();
    this.busyWorkers.clear();
    this.deathReason = null;
    this.workers = [];
    this.strategy = this.createStrategy();
    this.start();
    return { recovered: this.strategy.depth() };
  }

  async stop(): Promise<void> {
    this.generation.abort(new Error('service stopped'));
    this.strategy.close();
    await Promise.allSettled(this.workers);
  }

  private createStrategy(): Strategy {
    const { type, options } = this.config.strategy;
    const module = getStrategy(type);
    return module.create(module.optionsSchema.parse(options), {
      clock: this.deps.clock,
      rng: deriveRng(this.config.seed, 'strategy'),
      capacity: this.config.capacity,
      workers: this.config.workers,
      store: this.deps.store,
      die: (reason) => this.die(reason),
    });
  }

  private die(reason: string): void {
    if (this.deathReason) return;
    const held = this.crash();
    this.deathReason = reason;
    this.deps.onDeath?.(reason, held);
  }

  private spawnWorker(): void {
    this.workers.push(this.workLoop(this.strategy, this.generation.signal));
  }

  private async workLoop(strategy: Strategy, process: AbortSignal): Promise<void> {
    for (;;) {
      const lease = await strategy.take();
      if (!lease || process.aborted) return;
      const self = new AbortController();
      const signal = AbortSignal.any([process, self.signal]);
      this.busyWorkers.add(self);
      this.busy++;
      const result = await processJob(lease.job, {
        clock: this.deps.clock,
        backend: this.deps.backend,
        egress: this.deps.egress ?? fixedEgress,
        retries: this.config.retries,
        signal,
      }).catch((err: unknown) => ({ ok: false as const, reason: String(err) }));
      // A crash abandons the job mid-flight: nothing is acknowledged or reported by a dead process or worker.
      if (signal.aborted) return;
      this.busyWorkers.delete(self);
      this.busy--;
      strategy.settle(lease, result);
      if (!result.ok) this.deps.onFailed?.(lease.job.id, result.reason);
      this.deps.onSettled?.(lease.job.id, result.ok);
    }
  }
}

export function priorityIndex(name: string | undefined): number {
  const i = PRIORITIES.indexOf((name ?? 'normal') as (typeof PRIORITIES)[number]);
  return i < 0 ? 2 : i;
}
