import { LedgerError } from './errors.js';
import { countEnding, emptyTotals, outcomeSum, PRIORITIES, type Ending, type Priority, type Totals } from './outcome.js';
import { RequestIds } from './request-ids.js';

/** What the client last heard for a request. */
export const Answer = { none: 0, accepted: 1, shed: 2, rejected: 3, network: 4, timeout: 5 } as const;
export type AnswerKind = (typeof Answer)[keyof typeof Answer];

const NOT_YET = -1;
const ANSWER_NAMES = ['accepted', 'accepted', 'shed', 'rejected', 'network', 'timeout'] as const;

/**
 * Where every logical request went. Requests are numbered 0..count-1 (the plan's order) and kept
 * in typed arrays, so a 360k-request run costs a few megabytes, not an object per request.
 * Completion comes from the backend boundary; the client's answers and the service's failure
 * reports come from their own channels. `outcome(i)` applies the outcomes of docs/architecture.md.
 */
export class Ledger {
  // 32-bit: a plan may hold millions of requests and a retry storm many attempts each.
  readonly attempts: Uint32Array;
  readonly lastAnswer: Uint8Array;
  readonly answeredAt: Float64Array;
  readonly completions: Uint32Array;
  readonly completedAt: Float64Array;
  readonly failedAt: Float64Array;
  /** When the backend first saw a call for the request (the end of its queue wait), or -1. */
  readonly firstCallAt: Float64Array;
  /**
   * When the request's first attempt left the generator: written to a socket, or refused a
   * connection by the service (the generator did its part). -1: never sent, the generator's own
   * shortfall, which makes a run invalid rather than a loss of the strategy's.
   */
  readonly sentAt: Float64Array;
  /** Backend answers other than success for the request (429, 529, 5xx, a stream cut after its 200). */
  readonly backendErrors: Uint32Array;
  /** What each answered call of a request asked (a content fingerprint), for requests whose calls said: a chain's steps are not duplicates. */
  private readonly contents = new Map<number, number[]>();
  /** With a delivery signal: the requests the backend answered successfully (a completion is then a delivery). Made on first use. */
  private backendOk: Uint8Array | undefined;
  /** Backend calls for the request its caller closed before the answer was whole (saturates at 255). */
  readonly callerAborts: Uint8Array;
  readonly failureReasons = new Map<string, number>();
  /** Completions and failures for ids this run never scheduled (another run's nonce, a stale queue): counted apart, never credited. */
  unknownIds = 0;
  /** Successful backend answers that carried no gameday id at all: work the ledger cannot attribute. */
  unidentifiedAnswers = 0;
  /** Successful Messages calls by how many of this run's ids they carried (a batching service credits each). */
  readonly batchSizes = new Map<number, number>();
  /** Running counts for progress lines: last answers by kind, completed and failed requests. */
  readonly live = { sent: 0, accepted: 0, shed: 0, rejected: 0, network: 0, timeout: 0, completed: 0, failed: 0 };
  /** Told of each request's first completion (a run's live metrics); unset, a completion costs nothing more. */
  onFirstCompletion: ((i: number, at: number) => void) | undefined;
  private open = 0;
  /** Arrivals from this run time on were not yet due when the traffic stopped (Infinity: it never stopped early). */
  private trafficCutAt = Infinity;
  /** Requests whose job a durable queue still held when the run stopped. Made on first use. */
  private heldAtStop: Uint8Array | undefined;
  /** Requests whose last attempt was still waiting for the service's answer when the run ended. Made on first use. */
  private cutAtEnd: Uint8Array | undefined;
  /** The run was stopped before its course (an abort, an interrupt): what it cut short is no loss of the service's. */
  private stoppedEarly = false;

  constructor(
    readonly count: number,
    readonly priority: Uint8Array,
    readonly intendedAt: Float64Array,
    /** This run's ids (with its nonce): how the backend boundary maps an id back to an index. */
    readonly ids: RequestIds = new RequestIds(),
  ) {
    this.attempts = new Uint32Array(count);
    this.lastAnswer = new Uint8Array(count);
    this.answeredAt = new Float64Array(count).fill(NOT_YET);
    this.completions = new Uint32Array(count);
    this.completedAt = new Float64Array(count).fill(NOT_YET);
    this.failedAt = new Float64Array(count).fill(NOT_YET);
    this.firstCallAt = new Float64Array(count).fill(NOT_YET);
    this.sentAt = new Float64Array(count).fill(NOT_YET);
    this.backendErrors = new Uint32Array(count);
    this.callerAborts = new Uint8Array(count);
  }

  /** Accepted by the service and not yet completed or failed: the work the drain waits for. */
  get pending(): number {
    return this.open;
  }

  attempt(i: number): void {
    this.attempts[i]++;
  }

  answer(i: number, kind: AnswerKind, at: number): void {
    const wasOpen = this.openBefore(i);
    const prev = this.lastAnswer[i];
    if (prev !== Answer.none) this.live[ANSWER_NAMES[prev]]--;
    this.live[ANSWER_NAMES[kind]]++;
    this.lastAnswer[i] = kind;
    this.answeredAt[i] = at;
    this.openAfter(i, wasOpen);
  }

  /** Request i's first attempt left the generator; only the first time is kept. */
  sent(i: number, at: number): void {
    if (this.sentAt[i] !== NOT_YET) return;
    this.sentAt[i] = at;
    this.live.sent++;
  }

  /** A backend call for request i began; only the first one is kept. */
  called(i: number, at: number): void {
    if (i >= 0 && i < this.count && this.firstCallAt[i] === NOT_YET) this.firstCallAt[i] = at;
  }

  /** A backend call for request i got an answer other than success. */
  backendError(i: number): void {
    if (i >= 0 && i < this.count && this.backendErrors[i] < 0xffff) this.backendErrors[i]++;
  }

  /** Accepted by the service and neither completed nor failed yet: what a delivery signal is still awaited for. */
  awaitingDelivery(i: number): boolean {
    return this.lastAnswer[i] === Answer.accepted && this.completions[i] === 0 && this.failedAt[i] === NOT_YET;
  }

  /** With a delivery signal: the backend answered a call for request i; only the service's delivery completes it. */
  answeredAtBackend(i: number): void {
    if (i < 0 || i >= this.count) return;
    (this.backendOk ??= new Uint8Array(this.count))[i] = 1;
  }

  /** Whether the backend answered a call for request i successfully, as answeredAtBackend recorded it. */
  backendAnswered(i: number): boolean {
    return this.backendOk?.[i] === 1;
  }

  /** A backend call for request i was closed by its caller before the answer was whole. */
  callerAborted(i: number): void {
    if (i >= 0 && i < this.count && this.callerAborts[i] < 0xff) this.callerAborts[i]++;
  }

  /** The client was refused (shed or rejected) yet the backend did the work: it stays refused. */
  processedAlthoughRefused(i: number): boolean {
    const a = this.lastAnswer[i];
    return this.completions[i] > 0 && (a === Answer.shed || a === Answer.rejected);
  }

  /**
   * A successful answer for request i; `content` is what the call asked, when known. Returns false
   * for a repeat (already completed once): a duplicate when it asked the same as an earlier
   * answered call (or nobody knows what it asked), a step of a chain when it asked something new.
   */
  complete(i: number, at: number, content?: number): boolean {
    const wasOpen = this.openBefore(i);
    const first = this.completions[i] === 0;
    this.completions[i]++;
    if (first) {
      this.live.completed++;
      this.completedAt[i] = at;
    }
    if (content !== undefined) {
      const seen = this.contents.get(i);
      if (first) this.contents.set(i, [content]);
      else if (seen && !seen.includes(content)) seen.push(content);
    }
    this.openAfter(i, wasOpen);
    // Told once the ledger is whole again.
    if (first) this.onFirstCompletion?.(i, at);
    return first;
  }

  /** Distinct things asked of the backend for request i and answered (1 when unknown): a chain of 2 steps is 2. */
  steps(i: number): number {
    return this.contents.get(i)?.length ?? 1;
  }

  fail(i: number, reason: string, at: number): void {
    // Completed wins: a late failure report for a redelivered copy changes nothing.
    if (this.failedAt[i] !== NOT_YET || this.completions[i] > 0) return;
    const wasOpen = this.openBefore(i);
    this.failedAt[i] = at;
    this.openAfter(i, wasOpen);
    this.live.failed++;
    this.failureReasons.set(reason, (this.failureReasons.get(reason) ?? 0) + 1);
  }

  /** The traffic stopped early (an abort, an interrupt): arrivals due from `at` on were never sent, and are not lost. */
  stopTraffic(at: number): void {
    this.trafficCutAt = Math.min(this.trafficCutAt, at);
  }

  /** The run was stopped early (an abort, an interrupt), whether or not arrivals were still to come. */
  stopEarly(): void {
    this.stoppedEarly = true;
  }

  /** Request i's attempt was cut by the run's end before the service answered. */
  cutByRunEnd(i: number): void {
    (this.cutAtEnd ??= new Uint8Array(this.count))[i] = 1;
  }

  /** Request i was in flight to the service (sent, its attempt unanswered) when a run stopped early cut it. */
  inFlightAtStop(i: number): boolean {
    return this.stoppedEarly && this.sentAt[i] >= 0 && this.cutAtEnd?.[i] === 1 && this.lastAnswer[i] === Answer.timeout;
  }

  /** Request i never left because the run stopped early: not yet due, or due and not yet on a socket when the stop came. */
  private notSentAtStop(i: number): boolean {
    if (this.sentAt[i] >= 0) return false;
    return this.stoppedEarly || (this.attempts[i] === 0 && this.intendedAt[i] >= this.trafficCutAt);
  }

  /** The run stopped while a durable queue still held request i's job: it is there, not lost (unless it still ends). */
  holdAtStop(i: number): void {
    if (i < 0 || i >= this.count) throw new LedgerError(`request index ${i} out of range`);
    (this.heldAtStop ??= new Uint8Array(this.count))[i] = 1;
  }

  outcome(i: number): Ending {
    const a = this.lastAnswer[i];
    // What the client was told wins over work done behind its back: a refused caller will retry
    // elsewhere or give up, so a completion after a refusal is a wasted call, not a success.
    if (a === Answer.shed) return 'shed';
    if (a === Answer.rejected) return 'rejected';
    if (this.completions[i] > 0) return 'completed';
    if (this.failedAt[i] !== NOT_YET) return 'failed';
    if ((a === Answer.accepted && this.heldAtStop?.[i]) || this.inFlightAtStop(i)) return 'unfinished_at_stop';
    if (this.notSentAtStop(i)) return 'not_sent';
    return 'lost';
  }

  /** Totals overall and per priority; throws if the invariant does not hold (a gameday bug). */
  totals(): { all: Totals; byPriority: Partial<Record<Priority, Totals>> } {
    const all = emptyTotals();
    const by = PRIORITIES.map(() => emptyTotals());
    for (let i = 0; i < this.count; i++) {
      const o = this.outcome(i);
      for (const t of [all, by[this.priority[i]]]) {
        t.scheduled++;
        countEnding(t, o);
        t.attempts += this.attempts[i];
        if (o === 'completed') t.duplicates += this.completions[i] - this.steps(i);
      }
    }
    if (outcomeSum(all) !== all.scheduled || all.scheduled !== this.count) {
      throw new LedgerError(`ledger does not reconcile: scheduled ${all.scheduled} != ${outcomeSum(all)} outcomes`);
    }
    const byPriority: Partial<Record<Priority, Totals>> = {};
    PRIORITIES.forEach((p, k) => {
      if (by[k].scheduled > 0) byPriority[p] = by[k];
    });
    return { all, byPriority };
  }

  private isOpen(i: number): boolean {
    return this.lastAnswer[i] === Answer.accepted && this.completions[i] === 0 && this.failedAt[i] === NOT_YET;
  }

  /**
   * Around a change to request i: whether it was open before (openBefore), then the open count
   * moved by what the change did (openAfter). Two calls rather than a callback: a closure per
   * answer and per completion was garbage on a simulated request's path.
   */
  private openBefore(i: number): boolean {
    if (i < 0 || i >= this.count) throw new LedgerError(`request index ${i} out of range`);
    return this.isOpen(i);
  }

  private openAfter(i: number, wasOpen: boolean): void {
    this.open += Number(this.isOpen(i)) - Number(wasOpen);
  }
}
