/** The five terminal outcomes of a logical request (docs/architecture.md, "A request's life"). A closed union. */
export const OUTCOMES = ['completed', 'shed', 'rejected', 'failed', 'lost'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * Where a request is when the run stopped before it could end (an abort, Ctrl-C, or the drain
 * deadline): `not_sent`, an arrival not yet due when the traffic stopped; `unfinished_at_stop`,
 * a job a durable queue still held (the queue has it: not lost). Never a loss, never in a rate
 * of the five outcomes; zero (and absent) in a run that ran its course with nothing left queued.
 */
export const STOPPED = ['not_sent', 'unfinished_at_stop'] as const;
export type Stopped = (typeof STOPPED)[number];
/** What the ledger says of one request: an outcome, or where the stop left it. */
export type Ending = Outcome | Stopped;

/** Request priorities, most important first. Their index is their rank (0 = critical). */
export const PRIORITIES = ['critical', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Per-request counts; `scheduled` always equals the sum of the five outcomes and the two stopped states. */
export interface Totals {
  scheduled: number;
  completed: number;
  shed: number;
  rejected: number;
  failed: number;
  lost: number;
  /** Arrivals not yet due when the run stopped (present only when some were). */
  not_sent?: number;
  /** Jobs a durable queue still held when the run stopped (present only when some were). */
  unfinished_at_stop?: number;
  /** Extra backend completions of a request already completed (at-least-once redelivery). */
  duplicates: number;
  /** Client attempts, retries included: attempts / requests sent is the retry amplification. */
  attempts: number;
}

export function emptyTotals(): Totals {
  return { scheduled: 0, completed: 0, shed: 0, rejected: 0, failed: 0, lost: 0, duplicates: 0, attempts: 0 };
}

/** The ledger invariant: every scheduled request ended in exactly one outcome, or the stop left it in one place. */
export function outcomeSum(t: Totals): number {
  return t.completed + t.shed + t.rejected + t.failed + t.lost + stoppedSum(t);
}

/** Requests the stop left unended: not sent, or still in a durable queue. */
export function stoppedSum(t: Pick<Totals, Stopped>): number {
  return (t.not_sent ?? 0) + (t.unfinished_at_stop ?? 0);
}

/**
 * What every rate is over: the requests that ended, i.e. scheduled less what a stop left
 * unended (scheduled itself in a run that ran its course). A run aborted a second in must not
 * read a 2% completion rate off arrivals it never sent.
 */
export function endedCount(t: Pick<Totals, 'scheduled' | Stopped>): number {
  return t.scheduled - stoppedSum(t);
}

/** Counts one request's ending into totals; a stopped state's field appears on its first count. */
export function countEnding(t: Pick<Totals, Ending>, e: Ending): void {
  t[e] = (t[e] ?? 0) + 1;
}
