import { Answer, type AnswerKind, type Clock, type Ledger } from '../model/index.js';
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
  deadline: AbortSignal;
}

/** One logical request: attempts until accepted, refused for good, or out of retries. Every attempt is counted. */
export async function runRequest(offer: JobOffer, d: ClientDeps): Promise<void> {
  d.retry.onRequestStarted();
  for (let attempt = 1; !d.deadline.aborted; attempt++) {
    d.ledger.attempt(offer.index);
    // Only the first attempt is an arrival of the open-loop schedule; retries are the client's.
    const written = attempt === 1 ? () => d.ledger.sent(offer.index, d.clock.now()) : undefined;
    const answer = await attemptOnce(offer, d, written);
    // Refused or cut by the service before the bytes went out: the generator still did its part.
    if (written && isServiceSideError(answer)) written();
    d.ledger.answer(offer.index, classify(answer), d.clock.now());
    const key = answerKey(answer);
    d.answers.set(key, (d.answers.get(key) ?? 0) + 1);
    const delay = d.retry.nextDelay(answer, attempt);
    if (delay === undefined) return;
    // A retry due after the deadline never happens: the request keeps its last answer.
    if (delay > 0) await d.clock.sleep(delay, d.deadline).catch(() => undefined);
  }
}

async function attemptOnce(offer: JobOffer, d: ClientDeps, onWritten?: () => void): Promise<ClientAnswer> {
  const timeout = new AbortController();
  const cancel = d.clock.setTimer(d.timeoutMs, () => timeout.abort(new Error('client timeout')));
  // A listener, not AbortSignal.any: on Node 20 `any` keeps every derived signal alive for the run.
  const cutOff = () => timeout.abort(new Error('run deadline'));
  d.deadline.addEventListener('abort', cutOff, { once: true });
  try {
    const answer = await d.transport.send(offer, timeout.signal, onWritten);
    return timeout.signal.aborted ? { kind: 'timeout' } : answer;
  } finally {
    cancel();
    d.deadline.removeEventListener('abort', cutOff);
  }
}

/** "202", "429 retry-after", "500", "connection ECONNREFUSED", "timeout". */
export function answerKey(a: ClientAnswer): string {
  if (a.kind === 'status') return a.retryAfterS ? `${a.status} retry-after` : String(a.status);
  return a.kind === 'timeout' ? 'timeout' : `connection ${a.code}`;
}

export function classify(a: ClientAnswer): AnswerKind {
  if (isAccepted(a)) return Answer.accepted;
  if (isShed(a)) return Answer.shed;
  if (a.kind === 'status') return Answer.rejected;
  return a.kind === 'timeout' ? Answer.timeout : Answer.network;
}
