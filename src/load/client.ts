import { Answer, type AnswerKind, type Ledger } from '../model/index.js';
import { ArrivalList, type AbortControllerPool, type Clock } from '../time/index.js';
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

/** One logical request: attempts until accepted, refused for good, or out of retries. Every attempt is counted. */
export async function runRequest(offer: JobOffer, d: ClientDeps): Promise<void> {
  d.retry.onRequestStarted();
  for (let attempt = 1; !d.deadline.passed; attempt++) {
    d.ledger.attempt(offer.index);
    // Only the first attempt is an arrival of the open-loop schedule; retries are the client's.
    const written = attempt === 1 ? () => d.ledger.sent(offer.index, d.clock.now()) : undefined;
    const answer = await attemptOnce(offer, d, written);
    // Cut by the run's end with no answer yet: if the run was stopped early, the stop did it, not the service.
    if (answer.kind === 'timeout' && d.deadline.passed) d.ledger.cutByRunEnd(offer.index);
    // Refused or cut by the service before the bytes went out: the generator still did its part.
    if (written && isServiceSideError(answer)) written();
    d.ledger.answer(offer.index, classify(answer), d.clock.now());
    const key = answerKey(answer);
    d.answers.set(key, (d.answers.get(key) ?? 0) + 1);
    const delay = d.retry.nextDelay(answer, attempt);
    if (delay === undefined) return;
    // A retry due after the deadline never happens: the request keeps its last answer.
    if (delay > 0) await waitForRetry(delay, d);
  }
}

async function attemptOnce(offer: JobOffer, d: ClientDeps, onWritten?: () => void): Promise<ClientAnswer> {
  const attempt = d.controllers.take();
  const cancel = d.clock.setTimer(d.timeoutMs, () => attempt.abort(CLIENT_TIMEOUT));
  const unwatch = d.deadline.watch(attempt);
  try {
    const answer = await d.transport.send(offer, attempt.signal, onWritten);
    return attempt.signal.aborted ? { kind: 'timeout' } : answer;
  } finally {
    cancel();
    unwatch();
    // Neither the timeout nor the deadline can reach it any more.
    d.controllers.release(attempt);
  }
}

async function waitForRetry(delay: number, d: ClientDeps): Promise<void> {
  const wait = new AbortController();
  const unwatch = d.deadline.watch(wait);
  await d.clock.sleep(delay, wait.signal).catch(() => undefined);
  unwatch();
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
