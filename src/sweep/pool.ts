import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../engine/child/module-worker.js';
import { GamedayError } from '../model/index.js';
import type { Scenario } from '../scenario/index.js';
import type { PointMeasure } from './measure.js';
import type { PointReply, PointRequest } from './point-thread.js';

interface Pending {
  request: PointRequest;
  done: (m: PointMeasure | null) => void;
  fail: (e: Error) => void;
}

/**
 * Runs sweep points on up to `threads` worker threads, each point whole on one thread (a sim
 * run is single-threaded and shares nothing). Threads start on demand and stay until close().
 * Once `signal` aborts, points not yet started resolve to null and never run.
 */
export class PointPool {
  private readonly idle: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<number, { worker: Worker; job: Pending }>();
  private started = 0;
  private nextId = 0;
  private closed = false;

  constructor(
    readonly threads: number,
    private readonly signal?: AbortSignal,
  ) {}

  run(scenario: Scenario, gates: string[]): Promise<PointMeasure | null> {
    return new Promise((done, fail) => {
      this.queue.push({ request: { id: ++this.nextId, scenario, gates }, done, fail });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.idle, ...[...this.running.values()].map((r) => r.worker)];
    this.idle.length = 0;
    await Promise.all(all.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      if (this.signal?.aborted) {
        for (const job of this.queue.splice(0)) job.done(null);
        return;
      }
      const worker = this.idle.pop() ?? (this.started < this.threads ? this.spawn() : undefined);
      if (!worker) return;
      const job = this.queue.shift()!;
      this.running.set(job.request.id, { worker, job });
      worker.postMessage(job.request);
    }
  }

  private spawn(): Worker {
    this.started++;
    const worker = startModuleWorker(import.meta.url, 'point-thread', null);
    worker.on('message', (reply: PointReply) => {
      const entry = this.running.get(reply.id);
      if (!entry) return;
      this.running.delete(reply.id);
      this.idle.push(worker);
      if ('error' in reply) entry.job.fail(new GamedayError(`a sweep point failed: ${reply.error}`, 'GD_ERR_SWEEP'));
      else entry.job.done(reply.measure);
      this.dispatch();
    });
    // A thread that dies takes its point with it: that point fails loudly, never reads as empty.
    worker.once('error', (e) => this.lose(worker, e.message));
    worker.once('exit', (code) => this.lose(worker, `the thread exited (code ${code})`));
    return worker;
  }

  private lose(worker: Worker, why: string): void {
    if (this.closed) return;
    this.started--;
    const at = this.idle.indexOf(worker);
    if (at >= 0) this.idle.splice(at, 1);
    for (const [id, entry] of this.running) {
      if (entry.worker !== worker) continue;
      this.running.delete(id);
      entry.job.fail(new GamedayError(`a sweep point's thread failed: ${why}`, 'GD_ERR_SWEEP'));
    }
    this.dispatch();
  }
}
