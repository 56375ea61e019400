import { expect } from 'vitest';
import { outcomeSum, type RunResult } from '../../src/index.js';

/** The ledger invariant, overall and per priority. */
export function expectReconciled(r: RunResult): void {
  expect(outcomeSum(r.totals)).toBe(r.totals.scheduled);
  for (const t of Object.values(r.by_priority)) expect(outcomeSum(t!)).toBe(t!.scheduled);
  const perPriority = Object.values(r.by_priority).reduce((n, t) => n + t!.scheduled, 0);
  expect(perPriority).toBe(r.totals.scheduled);
}
