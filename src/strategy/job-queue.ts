import type { ServiceCounters } from '../model/index.js';
import { Fifo } from './fifo.js';
import type { Job, Lease, Settlement } from './types.js';

/**
 * The in-memory queue shared by the in-memory strategies: one FIFO, or priority lanes (FIFO within
 * a lane, best lane first), workers waiting in `take`, and the counters a service would export.
 * Strategies decide admission; this class only holds and hands out.
 */
export class JobQueue {
  private readonly lanes: Fifo<Job>[];
  private readonly waiting = new Fifo<(l: Lease | undefined) => void>();
  private held = 0;
  /** Handed to a waiting worker that has not resumed yet: still here as far as a crash is concerned. */
  private inTransit = 0;
  private closed = false;
  private seq = 0;
  readonly counts: ServiceCounters = { received: 0, accepted: 0, shed: 0, rejected: 0, processed: 0, failed: 0, depth: 0 };
  /** Observed completions (clock ms), for drain-rate estimates. */
  private readonly onSettled: ((ok: boolean) => void)[] = [];

  /** @param prioritized serve best priority first; otherwise one FIFO lane for everything */
  constructor(private readonly prioritized = false) {
    this.lanes = prioritized ? [new Fifo<Job>(), new Fifo<Job>(), new Fifo<Job>(), new Fifo<Job>()] : [new Fifo<Job>()];
  }

  /** Jobs waiting in the queue: what admission decisions compare with capacity. */
  get queued(): number {
    return this.held;
  }

  /** Jobs not yet started by a worker, including one handed over but not yet picked up. */
  get depth(): number {
    return this.held + this.inTransit;
  }

  push(job: Job): void {
    const waiter = this.waiting.shift();
    if (waiter) {
      this.inTransit++;
      return waiter({ job, lease: ++this.seq });
    }
    this.lanes[this.prioritized ? job.priority : 0].push(job);
    this.held++;
  }

  take(): Promise<Lease | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    const job = this.shiftBest();
    if (job) return Promise.resolve({ job, lease: ++this.seq });
    return new Promise<Lease | undefined>(this.wait).then(this.pickedUp);
  }

  // Made once, not per take: a worker takes once per job.
  private readonly wait = (resolve: (l: Lease | undefined) => void) => void this.waiting.push(resolve);
  private readonly pickedUp = (lease: Lease | undefined) => {
    if (lease) this.inTransit--;
    return lease;
  };

  settle(_lease: Lease, result: Settlement): void {
    if (result.ok) this.counts.processed++;
    else this.counts.failed++;
    for (const f of this.onSettled) f(result.ok);
  }

  onSettle(f: (ok: boolean) => void): void {
    this.onSettled.push(f);
  }

  /** Empties every lane (a crash or a death); returns what was held. */
  discardAll(): Job[] {
    const all = this.lanes.flatMap((l) => l.clear());
    this.held = 0;
    this.inTransit = 0;
    return all;
  }

  /** Closed for good (a stop, a crash or a death): what it held in memory is gone with it. */
  close(): void {
    this.closed = true;
    this.discardAll();
    for (let w = this.waiting.shift(); w; w = this.waiting.shift()) w(undefined);
  }

  snapshot(): ServiceCounters {
    return { ...this.counts, depth: this.depth };
  }

  private shiftBest(): Job | undefined {
    for (const lane of this.lanes) {
      const job = lane.shift();
      if (job) {
        this.held--;
        return job;
      }
    }
    return undefined;
  }
}
