import { expect } from 'vitest';
import { outcomeSum, type RunResult } from '../../src/index.js';

/**
 * The ledger invariant, checked against sources other than the ledger's own sum: what clients
 * heard, what the backend answered, and why the lost are lost.
 */
export function expectReconciled(r: RunResult): void {
  expect(outcomeSum(r.totals)).toBe(r.totals.scheduled);
  for (const t of Object.values(r.by_priority)) expect(outcomeSum(t!)).toBe(t!.scheduled);
  const perPriority = Object.values(r.by_priority).reduce((n, t) => n + t!.scheduled, 0);
  expect(perPriority).toBe(r.totals.scheduled);
  // Every attempt got exactly one answer the client counted.
  expect(Object.values(r.answers).reduce((a, b) => a + b, 0)).toBe(r.totals.attempts);
  // Every completion (and duplicate) is a successful answer the backend gave.
  expect(r.totals.completed + r.totals.duplicates).toBeLessThanOrEqual(r.backend_calls.ok);
  // Every lost request is lost for a stated reason.
  const b = r.lost_breakdown;
  expect(b.accepted_never_finished + b.connection_error + b.timeout + b.not_sent).toBe(r.totals.lost);
  // The timeline accounts for every scheduled request.
  expect(r.timeline.reduce((n, p) => n + p.offered, 0)).toBe(r.totals.scheduled);
}
