import { Answer, type AnswerKind, type Ledger } from '../model/index.js';
import { ArrivalList, replyWith, waitOn, type AbortControllerPool, type Clock, type Reply } from '../time/index.js';
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

  constructor(private readonly signal: AbortSignal) {
    signal.addEventListener('abort', () => this.going.takeAll().forEach((c) => c.abort(RUN_DEADLINE)), { once: true });
  }

  get passed(): boolean {
    return this.signal.aborted;
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
  let attempt = 0;
  let written: (() => void) | undefined;
  const next = (): void => {
    // A retry due after the deadline never happens: the request keeps its last answer.
    if (d.deadline.passed) return done();
    attempt++;
    d.ledger.attempt(offer.index);
    // Only the first attempt is an arrival of the open-loop schedule; retries are the client's.
    written = attempt === 1 ? () => d.ledger.sent(offer.index, d.clock.now()) : undefined;
    attemptOnce(offer, d, written, answered);
  };
  const answered = (err: unknown, answer?: ClientAnswer): void => {
    if (err !== undefined) return done(err);
    const a = answer!;
    // Cut by the run's end with no answer yet: if the run was stopped early, the stop did it, not the service.
    if (a.kind === 'timeout' && d.deadline.passed) d.ledger.cutByRunEnd(offer.index);
    // Refused or cut by the service before the bytes went out: the generator still did its part.
    if (written && isServiceSideError(a)) written();
    d.ledger.answer(offer.index, classify(a), d.clock.now());
    const key = answerKey(a);
    d.answers.set(key, (d.answers.get(key) ?? 0) + 1);
    const delay = d.retry.nextDelay(a, attempt);
    if (delay === undefined) return done();
    if (delay > 0) waitForRetry(delay, d, next);
    else next();
  };
  next();
}

/**
 * One attempt. The client's timeout and the run's deadline watch it only if the answer does not
 * come at once: an answer given in the same instant can be cut by neither.
 */
function attemptOnce(offer: JobOffer, d: ClientDeps, onWritten: (() => void) | undefined, reply: Reply<ClientAnswer>): void {
  const attempt = d.controllers.take();
  let sent: ClientAnswer | Promise<ClientAnswer>;
  try {
    sent = d.transport.send(offer, attempt.signal, onWritten);
  } catch (err) {
    d.controllers.release(attempt);
    return reply(err ?? new Error('send threw'));
  }
  if (!(sent instanceof Promise)) {
    // Nothing can act on it any more: it answered before anything could cut it.
    d.controllers.release(attempt);
    return reply(undefined, sent);
  }
  const cancel = d.clock.setTimer(d.timeoutMs, () => attempt.abort(CLIENT_TIMEOUT));
  const unwatch = d.deadline.watch(attempt);
  const over = (err: unknown, answer?: ClientAnswer) => {
    cancel();
    unwatch();
    const cut = attempt.signal.aborted;
    // Neither the timeout nor the deadline can reach it any more.
    d.controllers.release(attempt);
    if (err !== undefined) return reply(err);
    reply(undefined, cut ? TIMEOUT : answer);
  };
  replyWith(sent, over);
}

function waitForRetry(delay: number, d: ClientDeps, then: () => void): void {
  const wait = d.controllers.take();
  const unwatch = d.deadline.watch(wait);
  // Cut by the deadline: `then` finds it passed and ends the request with its last answer.
  const over = () => {
    unwatch();
    d.controllers.release(wait);
    then();
  };
  waitOn(d.clock, delay, wait.signal, over, over);
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
