import { stalledReason, type ClaimedJob, type NewJob, type QueueStore, type StoreCounts, type UnfinishedJob } from '../model/queue-store.js';
import { checkCapacity, type StoreOptions } from './capacity.js';
import { Heap } from '../time/heap.js';

type JobState = keyof StoreCounts;

interface MemoryJob extends NewJob {
  seq: number;
  attempts: number;
  /** Times its lease expired and it was brought back. */
  stalls: number;
  state: JobState;
  readyAt: number;
  lease: number;
  leaseUntil: number;
  reason: string;
  finishedAt: number;
}

/**
 * The reference QueueStore: everything in memory, nothing survives the process. Same semantics
 * as the SQLite store, checked by the same conformance suite. Like every caller of a store, it
 * assumes the `now` it is given never decreases (it comes from one Clock).
 */
export class MemoryQueueStore implements QueueStore {
  private readonly capacity: number;
  /** Every id ever queued (a retry of a queued or finished one is 'exists'): ids only, as a long run finishes hundreds of thousands. */
  private readonly known = new Set<string>();
  /** Ready and leased jobs, in the order they were queued. */
  private readonly held = new Map<string, MemoryJob>();
  /** Ready jobs already due, best priority then oldest first. */
  private readonly due = new Heap<MemoryJob>((a, b) => a.priority < b.priority || (a.priority === b.priority && a.seq < b.seq));
  /** Ready jobs waiting for their retry time, soonest first. */
  private readonly waiting = new Heap<MemoryJob>((a, b) => a.readyAt < b.readyAt || (a.readyAt === b.readyAt && a.seq < b.seq));
  private readonly leased = new Map<string, MemoryJob>();
  private readonly dead: MemoryJob[] = [];
  private readonly tally: StoreCounts = { ready: 0, leased: 0, done: 0, dead: 0 };
  private lastSeq = 0;
  private lastLease = 0;

  constructor(opts: StoreOptions) {
    this.capacity = checkCapacity(opts.capacity);
  }

  enqueue(job: NewJob, now: number): 'added' | 'exists' | 'full' {
    if (this.known.has(job.id)) return 'exists';
    if (this.tally.ready + this.tally.leased >= this.capacity) return 'full';
    const stored: MemoryJob = {
      id: job.id,
      priority: job.priority,
      payload: job.payload,
      maxAttempts: job.maxAttempts,
      seq: ++this.lastSeq,
      attempts: 0,
      stalls: 0,
      state: 'ready',
      readyAt: now,
      lease: 0,
      leaseUntil: 0,
      reason: '',
      finishedAt: 0,
    };
    this.known.add(job.id);
    this.held.set(job.id, stored);
    this.tally.ready++;
    this.due.push(stored);
    return 'added';
  }

  claim(now: number, leaseMs: number): ClaimedJob | undefined {
    this.promoteDue(now);
    const job = this.due.pop();
    if (!job) return undefined;
    this.move(job, 'leased');
    job.attempts++;
    job.lease = ++this.lastLease;
    job.leaseUntil = now + leaseMs;
    this.leased.set(job.id, job);
    const { id, priority, payload, maxAttempts, attempts, lease } = job;
    return { id, priority, payload, maxAttempts, attempts, lease };
  }

  complete(id: string, lease: number, now: number): boolean {
    const job = this.heldBy(id, lease);
    if (!job) return false;
    this.release(job, 'done', now);
    return true;
  }

  fail(id: string, lease: number, now: number, reason: string, retryAt: number | null): boolean {
    const job = this.heldBy(id, lease);
    if (!job) return false;
    job.reason = reason;
    if (retryAt !== null && job.attempts < job.maxAttempts) {
      this.leased.delete(id);
      this.makeReady(job, retryAt);
    } else {
      this.release(job, 'dead', now);
      this.dead.push(job);
    }
    return true;
  }

  reclaimExpired(now: number, maxStalled = Infinity): number {
    let reclaimed = 0;
    for (const job of this.leased.values()) {
      if (job.leaseUntil >= now) continue;
      if (job.stalls >= maxStalled) {
        job.reason = stalledReason(job.stalls);
        this.release(job, 'dead', now);
        this.dead.push(job);
        continue;
      }
      job.stalls++;
      this.leased.delete(job.id);
      this.makeReady(job, now);
      reclaimed++;
    }
    return reclaimed;
  }

  counts(): StoreCounts {
    return { ...this.tally };
  }

  deadLetters(): { id: string; reason: string }[] {
    return [...this.dead].sort((a, b) => a.finishedAt - b.finishedAt || a.seq - b.seq).map(({ id, reason }) => ({ id, reason }));
  }

  unfinished(): UnfinishedJob[] {
    const held: UnfinishedJob[] = [];
    for (const { id, state } of this.held.values()) held.push({ id, state: state as UnfinishedJob['state'] });
    return held;
  }

  close(): void {}

  private heldBy(id: string, lease: number): MemoryJob | undefined {
    const job = this.leased.get(id);
    return job && job.lease === lease ? job : undefined;
  }

  private release(job: MemoryJob, state: 'done' | 'dead', now: number): void {
    this.leased.delete(job.id);
    this.held.delete(job.id);
    this.move(job, state);
    job.finishedAt = now;
  }

  private makeReady(job: MemoryJob, readyAt: number): void {
    this.move(job, 'ready');
    job.readyAt = readyAt;
    this.waiting.push(job);
  }

  private promoteDue(now: number): void {
    for (let next = this.waiting.peek(); next && next.readyAt <= now; next = this.waiting.peek()) {
      this.due.push(this.waiting.pop()!);
    }
  }

  private move(job: MemoryJob, state: JobState): void {
    this.tally[job.state]--;
    this.tally[state]++;
    job.state = state;
  }
}
