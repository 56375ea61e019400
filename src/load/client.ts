import { Answer, type AnswerKind, type Ledger } from '../model/index.js';
import { ArrivalList, replyWith, waitOn, type AbortControllerPool, type Clock } from '../time/index.js';
import type { RetryPolicy } from './retry.js';
import { isAccepted, isServiceSideError, isShed, type ClientAnswer, type JobOffer, type Transport } from './transport.js';

export interface ClientDeps {
  clock: Clock;
  transport: Transport;
  retry: RetryPolicy;
  ledger: Ledger;
  timeoutMs: number;
  /** Counts every answer by what the client heard (see answerKey). */
  answers: Map<string, number>;
  /** The end of the run (traffic + drain, or an interrupt): no retry starts after it, an attempt in flight is cut. */
  deadline: RunDeadline;
  /** Where each attempt gets its controller (one used before, when nothing can still act on it). */
  controllers: AbortControllerPool;
}

// Abort reasons made once: at the run's end thousands of requests are cut in one go, and an
// Error per request (each capturing a stack) made that take seconds.
const RUN_DEADLINE = new Error('run deadline');
const CLIENT_TIMEOUT = new Error('client timeout');

/**
 * The run's end, for every request at once: one listener on the run's signal and a list of what
 * is still going (attempts in flight, retries waiting). A listener per request on one shared
 * signal costs O(n) to add and to remove, and a controller per request besides the attempt's own
 * is garbage at 10,000 a second: both starved the generator.
 */
export class RunDeadline {
  private readonly going = new ArrivalList<AbortController>();
  /** The signal's state, kept as a field: read twice per request, and a signal's getter checks its receiver each time. */
  private over: boolean;

  constructor(signal: AbortSignal) {
    this.over = signal.aborted;
    signal.addEventListener(
      'abort',
      () => {
        this.over = true;
        this.going.takeAll().forEach((c) => c.abort(RUN_DEADLINE));
      },
      { once: true },
    );
  }

  get passed(): boolean {
    return this.over;
  }

  /** Aborts `c` at the deadline (at once if it has passed); returns how to stop watching it. */
  watch(c: AbortController): () => void {
    if (this.passed) {
      c.abort(RUN_DEADLINE);
      return () => undefined;
    }
    const entry = this.going.add(c);
    return () => this.going.remove(entry);
  }
}

const TIMEOUT: ClientAnswer = { kind: 'timeout' };

/**
 * One logical request: attempts until accepted, refused for good, or out of retries. Every
 * attempt is counted. Calls `done` once the request is over (with the error, if gameday's own
 * code failed). An answer the transport gives at once is taken at once: in virtual time a
 * request the service admits costs no promise and no timer of its own.
 */
export function runRequest(offer: JobOffer, d: ClientDeps, done: (err?: unknown) => void): void {
  d.retry.onRequestStarted();
  new ClientRequest(offer, d, done).guarded(ClientRequest.prototype.next);
}

/** A request's state between its attempts: one object per request, its steps methods rather than closures. */
class ClientRequest {
  private attempt = 0;
  private written: (() => void) | undefined;
  private over = false;

  constructor(
    private readonly offer: JobOffer,
    private readonly d: ClientDeps,
    private readonly onDone: (err?: unknown) => void,
  ) {}

  /** The request is over: told once, with the error if gameday's own code failed. */
  private done(err?: unknown): void {
    if (this.over) return;
    this.over = true;
    this.onDone(err);
  }

  /**
   * Runs a step from wherever it was called (the generator, a reply, a timer): a throw in it (a
   * gameday bug) ends the request with the error, counted by the generator, instead of escaping
   * into a timer or a promise nobody awaits.
   */
  guarded(step: (this: ClientRequest) => void): void {
    try {
      step.call(this);
    } catch (err) {
      this.done(err ?? new Error('a request step threw'));
    }
  }

  next(): void {
    const { d, offer } = this;
    // A retry due after the deadline never happens: the request keeps its last answer.
    if (d.deadline.passed) return this.done();
    this.attempt++;
    d.ledger.attempt(offer.index);
    // Only the first attempt is an arrival of the open-loop schedule; retries are the client's.
    this.written = this.attempt === 1 ? () => d.ledger.sent(offer.index, d.clock.now()) : undefined;
    this.send();
  }

  /**
   * One attempt. The client's timeout and the run's deadline watch it only if the answer does not
   * come at once: an answer given in the same instant can be cut by neither.
   */
  private send(): void {
    const d = this.d;
    const attempt = d.controllers.take();
    let sent: ClientAnswer | Promise<ClientAnswer>;
    try {
      sent = d.transport.send(this.offer, attempt.signal, this.written);
    } catch (err) {
      d.controllers.release(attempt);
      return this.done(err ?? new Error('send threw'));
    }
    if (!(sent instanceof Promise)) {
      // Nothing can act on it any more: it answered before anything could cut it.
      d.controllers.release(attempt, d.transport.releasesSignal);
      return this.answered(sent);
    }
    const cancel = d.clock.setTimer(d.timeoutMs, () => attempt.abort(CLIENT_TIMEOUT));
    const unwatch = d.deadline.watch(attempt);
    replyWith(sent, (err, answer) =>
      this.guarded(() => {
        cancel();
        unwatch();
        const cut = attempt.signal.aborted;
        // Neither the timeout nor the deadline can reach it any more.
        d.controllers.release(attempt, d.transport.releasesSignal);
        if (err !== undefined) return this.done(err);
        this.answered(cut ? TIMEOUT : answer!);
      }),
    );
  }

  private answered(a: ClientAnswer): void {
    const { d, offer } = this;
    // Cut by the run's end with no answer yet: if the run was stopped early, the stop did it, not the service.
    if (a.kind === 'timeout' && d.deadline.passed) d.ledger.cutByRunEnd(offer.index);
    // Refused or cut by the service before the bytes went out: the generator still did its part.
    if (this.written && isServiceSideError(a)) this.written();
    d.ledger.answer(offer.index, classify(a), d.clock.now());
    const key = answerKey(a);
    d.answers.set(key, (d.answers.get(key) ?? 0) + 1);
    const delay = d.retry.nextDelay(a, this.attempt);
    if (delay === undefined) return this.done();
    if (delay > 0) this.waitForRetry(delay);
    else this.next();
  }

  private waitForRetry(delay: number): void {
    const d = this.d;
    const wait = d.controllers.take();
    const unwatch = d.deadline.watch(wait);
    // Cut by the deadline: `next` finds it passed and ends the request with its last answer.
    const over = () =>
      this.guarded(() => {
        unwatch();
        d.controllers.release(wait);
        this.next();
      });
    waitOn(d.clock, delay, wait.signal, over, over);
  }
}

/** "202", "429 retry-after", "503 retry-after 0" (retry now), "500", "connection ECONNREFUSED", "timeout". */
export function answerKey(a: ClientAnswer): string {
  if (a.kind === 'status')
    return a.retryAfterS === undefined ? String(a.status) : a.retryAfterS === 0 ? `${a.status} retry-after 0` : `${a.status} retry-after`;
  return a.kind === 'timeout' ? 'timeout' : `connection ${a.code}`;
}

export function classify(a: ClientAnswer): AnswerKind {
  if (isAccepted(a)) return Answer.accepted;
  if (isShed(a)) return Answer.shed;
  if (a.kind === 'status') return Answer.rejected;
  return a.kind === 'timeout' ? Answer.timeout : Answer.network;
}
