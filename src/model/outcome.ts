/** The five terminal outcomes of a logical request (DESIGN.md section 1). A closed union. */
export const OUTCOMES = ['completed', 'shed', 'rejected', 'failed', 'lost'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Request priorities, most important first. Their index is their rank (0 = critical). */
export const PRIORITIES = ['critical', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Per-request counts; `scheduled` always equals the sum of the five outcomes. */
export interface Totals {
  scheduled: number;
  completed: number;
  shed: number;
  rejected: number;
  failed: number;
  lost: number;
  /** Extra backend completions of a request already completed (at-least-once redelivery). */
  duplicates: number;
  /** Client attempts, retries included: attempts / requests sent is the retry amplification. */
  attempts: number;
}

export function emptyTotals(): Totals {
  return { scheduled: 0, completed: 0, shed: 0, rejected: 0, failed: 0, lost: 0, duplicates: 0, attempts: 0 };
}

/** The ledger invariant: every scheduled request ended in exactly one outcome. */
export function outcomeSum(t: Totals): number {
  return t.completed + t.shed + t.rejected + t.failed + t.lost;
}
