import type { BackendClient, BackendOutcome } from '../backend/index.js';
import { waitOn, type Clock, type Reply } from '../time/index.js';
import type { Job, Settlement } from '../strategy/index.js';
import type { Egress, EgressCall } from './egress.js';

export interface WorkerDeps {
  clock: Clock;
  backend: BackendClient;
  egress: Egress;
  /** Service-side retries of a failed call before the job is reported failed. */
  retries: number;
  signal: AbortSignal;
  /**
   * The process's lifetime signal, when the worker has one: a call is not made once the process
   * has died, even before the worker's own signal has heard it (a crash aborts the busy workers
   * one by one, and a call released by the first may reach the egress of the next).
   */
  process?: AbortSignal;
}

const BASE_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 5000;

// One object for every success: settlements are read, never changed.
const SUCCEEDED: Settlement = { ok: true };

/**
 * Calls the backend for one job at a time, retrying failed calls with backoff (honouring the
 * backend's retry hint), and calls `done` with how each went. A call that could not be made (the
 * worker was killed mid-call, a gameday bug) settles as failed; the caller checks its signal.
 * One per worker (for as long as it keeps its abort controller): its callbacks are made once,
 * not per job, as a worker only ever holds one job.
 */
export class JobRunner {
  private job: Job | undefined;
  private attempt = 0;
  /** Which job this is (the runner is reused), and whether it has been settled: `done` is called once per job. */
  private jobNumber = 0;
  private settled = false;
  /** A backend call was made and has not replied: a throw after its reply is not the call's to answer. */
  private inCall = false;
  private callReply: Reply<BackendOutcome> | undefined;

  constructor(
    private readonly d: WorkerDeps,
    private readonly done: (result: Settlement) => void,
  ) {}

  get deps(): WorkerDeps {
    return this.d;
  }

  run(job: Job): void {
    this.job = job;
    this.attempt = 0;
    this.jobNumber++;
    this.settled = false;
    this.next();
  }

  private readonly call = () => this.d.egress.run(this.callOnce, this.answered);
  /** The job's (next) call, as a step of its own. */
  private readonly next = () => this.guarded(this.call);

  private readonly callOnce: EgressCall = (reply) => {
    // Egress may release a call long after this worker's process died: a dead process calls nobody.
    const dead = this.d.signal.aborted ? this.d.signal : this.d.process?.aborted ? this.d.process : undefined;
    if (dead) return reply(dead.reason);
    this.inCall = true;
    this.callReply = reply;
    try {
      this.d.backend.call(this.job!, this.d.signal, this.callReplied);
    } catch (err) {
      if (!this.inCall) throw err; // thrown after the call replied: by what its reply started, not by the call
      this.callReplied(err ?? new Error('backend call threw'));
    }
  };

  private readonly callReplied: Reply<BackendOutcome> = (err, outcome) => {
    this.inCall = false;
    this.callReply!(err, outcome);
  };

  private readonly cut = (err: unknown) => this.settle(asFailure(err));

  private readonly answered: Reply<BackendOutcome> = (err, outcome) => {
    const job = this.jobNumber;
    try {
      this.onAnswer(err, outcome);
    } catch (e) {
      this.threw(job, e);
    }
  };

  private onAnswer(err: unknown, outcome?: BackendOutcome): void {
    if (err !== undefined) return this.cut(err);
    const last = outcome!;
    if (last.ok) return this.settle(SUCCEEDED);
    if (!isRetryable(last) || ++this.attempt > this.d.retries) return this.settle({ ok: false, reason: failureReason(last) });
    waitOn(this.d.clock, backoffMs(this.attempt, last), this.d.signal, this.next, this.cut);
  }

  private settle(result: Settlement): void {
    if (this.settled) return;
    this.settled = true;
    this.done(result);
  }

  /**
   * Runs a step of the job; a throw in it (a gameday bug) settles the job as failed, as a job
   * whose processing threw always did. A throw from what the job's settling started (the
   * worker's next job) is not this job's: it goes on up.
   */
  private guarded(step: () => void): void {
    const job = this.jobNumber;
    try {
      step();
    } catch (err) {
      this.threw(job, err);
    }
  }

  private threw(job: number, err: unknown): void {
    if (this.settled || job !== this.jobNumber) throw err;
    this.cut(err ?? new Error('a job step threw'));
  }
}

/** One job on a runner of its own (a caller without a worker to keep one). */
export function processJob(job: Job, d: WorkerDeps, done: (result: Settlement) => void): void {
  new JobRunner(d, done).run(job);
}

function failureReason(o: Extract<BackendOutcome, { ok: false }>): string {
  return o.status ? `backend ${o.status}` : `backend unreachable: ${o.message}`;
}

/** A job whose call could not be made (a kill mid-call, a gameday bug) settles as failed. */
function asFailure(err: unknown): Settlement {
  return { ok: false, reason: String(err) };
}

/**
 * 4xx other than 408/409/429 will not succeed on retry. Nor will anything the backend marks
 * `x-should-retry: false`, or a 429 without `retry-after`: a rate limit always says when to come
 * back, so a bare 429 is a spend or usage limit that no retry can get past.
 */
function isRetryable(o: Extract<BackendOutcome, { ok: false }>): boolean {
  if (o.shouldRetry === false) return false;
  if (o.status === 429) return o.retryAfterMs !== undefined;
  return o.status === 0 || o.status === 408 || o.status === 409 || o.status >= 500;
}

function backoffMs(attempt: number, last: BackendOutcome | undefined): number {
  const hint = last && !last.ok ? last.retryAfterMs : undefined;
  return hint ?? Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (attempt - 1));
}
