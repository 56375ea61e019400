import { setMaxListeners } from 'node:events';
import type { BackendClient } from '../backend/index.js';
import { addCounters, NO_COUNTERS, PRIORITIES, type AsyncQueueStore, type QueueStore, type ServiceCounters } from '../model/index.js';
import { deriveRng, reusable, ArrivalList, type ArrivalEntry, type Clock } from '../time/index.js';
import { getStrategy, type Admission, type Job, type Lease, type Settlement, type SettleResult, type Strategy } from '../strategy/index.js';
import { createEgress } from './egress-factory.js';
import type { ServiceConfig } from './options.js';
import type { Egress } from './egress.js';
import { JobRunner } from './worker.js';

export interface ServiceDeps {
  clock: Clock;
  backend: BackendClient;
  egress?: Egress;
  store?: QueueStore;
  /** A queue shared with other processes (Redis); the persistent strategy uses it instead of `store`. */
  sharedStore?: AsyncQueueStore;
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
  private generation = newGeneration();
  private workers: Promise<void>[] = [];
  /** One controller per busy worker and the job it holds, so a single worker can be killed mid-job. */
  private readonly busyWorkers = new ArrivalList<{ worker: AbortController; lease: Lease }>();
  private busy = 0;
  private deathReason: string | null = null;
  /** Counters of earlier generations (before restarts), so the service's totals span the run as a scraper's would. */
  private carried: ServiceCounters = NO_COUNTERS;
  private store: QueueStore | undefined;

  constructor(
    private readonly config: ServiceConfig,
    private readonly deps: ServiceDeps,
  ) {
    this.store = deps.store;
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
    const oldest = this.busyWorkers.first();
    if (!oldest) return { abandoned: 0 };
    const { worker: victim, lease } = oldest.value;
    victim.abort(new Error('worker crashed'));
    this.busyWorkers.remove(oldest);
    this.strategy.abandon?.(lease);
    this.busy--;
    this.spawnWorker();
    return { abandoned: 1 };
  }

  submit(job: Job, signal?: AbortSignal): Admission | Promise<Admission> {
    if (this.deathReason) throw new ServiceDownError(this.deathReason);
    const admission = this.strategy.admit(job, signal);
    // The offer that killed the process (unbounded out of memory) gets no answer either.
    if (this.deathReason) throw new ServiceDownError(this.deathReason);
    return admission;
  }

  depth(): number {
    return this.deathReason ? 0 : this.strategy.depth();
  }

  inFlight(): number {
    return this.busy;
  }

  counters(): ServiceCounters {
    return addCounters(this.carried, this.strategy.counters());
  }

  /** Everything in memory is gone (a kill): returns what was queued and in flight at that moment. */
  crash(): { queued: number; inFlight: number } {
    const lost = { queued: this.strategy.depth(), inFlight: this.busy };
    this.generation.abort(new Error('service crashed'));
    this.strategy.close();
    this.busy = 0;
    this.busyWorkers.takeAll();
    return lost;
  }

  /**
   * A fresh process: new strategy state (a durable store keeps its contents), new workers.
   * `store` replaces a store that died with the process (a memory store). Returns the backlog it found.
   */
  restart(opts: { store?: QueueStore } = {}): { recovered: number } {
    this.carried = this.counters();
    this.generation = newGeneration();
    this.busyWorkers.takeAll();
    this.deathReason = null;
    this.workers = [];
    this.store = opts.store ?? this.store;
    this.strategy = this.createStrategy();
    // Counted before the workers start claiming: what the new process found.
    const recovered = this.strategy.depth();
    this.start();
    return { recovered };
  }

  async stop(): Promise<void> {
    this.generation.abort(new Error('service stopped'));
    this.strategy.close();
    await Promise.allSettled(this.workers);
  }

  private createStrategy(): Strategy {
    const { type, options } = this.config.strategy;
    const module = getStrategy(type);
    // Options were validated (and their durations resolved) when the scenario was loaded.
    return module.create(options, {
      clock: this.deps.clock,
      // A job the strategy ends itself is reported as any failure is: the caller learns it failed.
      end: (job, reason) => {
        this.deps.onFailed?.(job.id, reason);
        this.deps.onSettled?.(job.id, false);
      },
      rng: deriveRng(this.config.seed, 'strategy'),
      capacity: this.config.capacity,
      workers: this.config.workers,
      store: this.store,
      sharedStore: this.deps.sharedStore,
      die: (reason) => this.die(reason),
    });
  }

  private die(reason: string): void {
    if (this.deathReason) return;
    const held = this.crash();
    this.deathReason = reason;
    this.deps.onDeath?.(reason, held);
  }

  private egressInstance: Egress | undefined;

  /** Built on first use from deps or config; kept across restarts (a fresh process would relearn its pace). */
  private get egress(): Egress {
    return (this.egressInstance ??= this.deps.egress ?? createEgress(this.config.egress, { clock: this.deps.clock, workers: this.config.workers }));
  }

  private spawnWorker(): void {
    let finished!: () => void;
    this.workers.push(new Promise<void>((resolve) => (finished = resolve)));
    this.runWorker(this.strategy, this.generation.signal, finished);
  }

  /**
   * One worker: take a job, call the backend for it, settle it, take the next, until the strategy
   * closes or the process dies. Written as callbacks on the strategy's deliveries and the backend's
   * replies, not an async loop: in virtual time a job then costs its timers, not a chain of
   * promise turns. A job that ends at once (a dead process's call) goes round a loop, not deeper
   * into the stack.
   */
  private runWorker(strategy: Strategy, process: AbortSignal, finished: () => void): void {
    // One controller per job, aborted by a worker kill or by the process dying. A listener, not
    // AbortSignal.any: on Node 20 `any` keeps every derived signal alive as long as `process`.
    // A job that leaves it reusable passes it to the worker's next job (see reusable).
    let self: AbortController | undefined;
    let runner: JobRunner | undefined;
    // Its place among the busy workers, with the job it holds.
    let busy: ArrivalEntry<{ worker: AbortController; lease: Lease }> | undefined;
    const onProcessAbort = () => self?.abort(process.reason);
    const letGo = () => {
      process.removeEventListener('abort', onProcessAbort);
      self = undefined;
    };
    const exit = () => {
      letGo();
      finished();
    };
    let taking = false;
    let takeAgain = false;
    const next = () => {
      if (taking) return void (takeAgain = true);
      taking = true;
      do {
        takeAgain = false;
        strategy.take(onLease);
      } while (takeAgain);
      taking = false;
    };
    // A throw in the worker's own steps (a gameday bug) ends this worker, as it ended the async
    // loop it replaces: never a throw out of the timer or the reply that ran the step.
    const onLease = (lease: Lease | undefined) => {
      try {
        if (!lease || process.aborted) return exit();
        if (!self) {
          self = new AbortController();
          process.addEventListener('abort', onProcessAbort, { once: true });
        }
        const signal = self.signal;
        busy = this.busyWorkers.add({ worker: self, lease });
        this.busy++;
        // The same runner for every job of one controller: built again only when the controller is.
        if (runner?.deps.signal !== signal) {
          const deps = { clock: this.deps.clock, backend: this.deps.backend, egress: this.egress, retries: this.config.retries, signal, process };
          runner = new JobRunner(deps, onResult);
        }
        runner.run(lease.job);
      } catch {
        exit();
      }
    };
    const onResult = (result: Settlement) => {
      try {
        // A crash abandons the job mid-flight: nothing is acknowledged or reported by a dead process or worker.
        if (runner!.deps.signal.aborted || process.aborted) return exit();
        const { lease } = busy!.value;
        this.busyWorkers.remove(busy!);
        if (!reusable(self!, this.deps.backend.releasesSignal)) letGo();
        this.busy--;
        // A durable strategy may keep the job for another attempt: only a final settle is reported.
        const settled = strategy.settle(lease, result);
        // Waited for only when it is a promise: a synchronous store keeps virtual-time runs in their exact order.
        if (settled instanceof Promise) settled.then((end) => afterSettle(lease, result, end), exit);
        else afterSettle(lease, result, settled);
      } catch {
        exit();
      }
    };
    const afterSettle = (lease: Lease, result: Settlement, end: SettleResult) => {
      try {
        if (process.aborted) return exit(); // the process died while the store answered: nothing more is reported
        if (end.terminal) {
          if (!result.ok) this.deps.onFailed?.(lease.job.id, end.reason ?? result.reason);
          this.deps.onSettled?.(lease.job.id, result.ok);
        }
      } catch {
        return exit();
      }
      next();
    };
    next();
  }
}

/** The process's lifetime signal: every busy worker listens to it, so more than ten is normal. */
function newGeneration(): AbortController {
  const c = new AbortController();
  setMaxListeners(0, c.signal);
  return c;
}

export function priorityIndex(name: string | undefined): number {
  const i = PRIORITIES.indexOf((name ?? 'normal') as (typeof PRIORITIES)[number]);
  return i < 0 ? 2 : i;
}
