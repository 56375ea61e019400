import type { ServiceCounters } from '../model/index.js';
import { Fifo } from './fifo.js';
import { fifoOrder, type QueueOrder } from './queue-order.js';
import type { Job, Lease, Settlement } from './types.js';

/**
 * The in-memory queue shared by the in-memory strategies: jobs in the order a QueueOrder keeps
 * (FIFO by default), workers waiting in `take`, and the counters a service would export.
 * Strategies decide admission; this class only holds and hands out.
 */
export class JobQueue {
  private readonly waiting = new Fifo<(l: Lease | undefined) => void>();
  private closed = false;
  private seq = 0;
  readonly counts: ServiceCounters = { received: 0, accepted: 0, shed: 0, rejected: 0, processed: 0, failed: 0, depth: 0 };
  /** Observed completions (clock ms), for drain-rate estimates. */
  private readonly onSettled: ((ok: boolean) => void)[] = [];

  constructor(private readonly order: QueueOrder = fifoOrder()) {}

  /** Jobs waiting in the queue: what admission decisions compare with capacity. */
  get queued(): number {
    return this.order.size;
  }

  /** Jobs not yet started by a worker (a job handed to a waiting worker is started at once). */
  get depth(): number {
    return this.order.size;
  }

  push(job: Job): void {
    const waiter = this.waiting.shift();
    if (waiter) return waiter({ job, lease: ++this.seq });
    this.order.push(job);
  }

  take(deliver: (lease: Lease | undefined) => void): void {
    if (this.closed) return deliver(undefined);
    const job = this.order.next();
    if (job) return deliver({ job, lease: ++this.seq });
    this.waiting.push(deliver);
  }

  settle(_lease: Lease, result: Settlement): void {
    if (result.ok) this.counts.processed++;
    else this.counts.failed++;
    for (const f of this.onSettled) f(result.ok);
  }

  onSettle(f: (ok: boolean) => void): void {
    this.onSettled.push(f);
  }

  /** Empties the queue (a crash or a death); returns what was held. */
  discardAll(): Job[] {
    return this.order.clear();
  }

  /** Closed for good (a stop, a crash or a death): what it held in memory is gone with it. */
  close(): void {
    this.closed = true;
    this.discardAll();
    for (let w = this.waiting.shift(); w; w = this.waiting.shift()) w(undefined);
  }

  /**
   * Takes out the job the order would serve last and counts it failed: the strategy ends it (it
   * tells the service why through `deps.end`). Undefined when nothing is queued.
   */
  evict(): Job | undefined {
    const job = this.order.last();
    if (job) this.counts.failed++;
    return job;
  }

  snapshot(): ServiceCounters {
    return { ...this.counts, depth: this.depth };
  }
}
