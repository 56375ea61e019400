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
  // Every completion (and duplicate) is a successful answer the backend gave: one per id it
  // carried, so a batched call of 5 credits 5.
  const credited = Object.entries(r.backend_ids?.batch_sizes ?? {}).reduce((n, [size, calls]) => n + Number(size) * calls, 0);
  expect(r.totals.completed + r.totals.duplicates).toBeLessThanOrEqual(
    r.backend_ids ? credited : r.backend_calls.ok + (r.backend_calls.batches?.succeeded ?? 0),
  );
  // Successful answers: Messages calls, and Message Batch requests whose results went out.
  const answered = r.backend_calls.ok + (r.backend_calls.batches?.succeeded ?? 0);
  if (r.backend_ids && !Object.keys(r.backend_ids.batch_sizes).some((k) => k !== '1')) expect(credited).toBeLessThanOrEqual(answered);
  // Every lost request is lost for a stated reason.
  const b = r.lost_breakdown;
  expect(b.accepted_never_finished + b.connection_error + b.timeout + b.not_sent).toBe(r.totals.lost);
  if (b.never_reached_backend !== undefined) {
    expect(
      b.never_reached_backend + b.backend_refused_every_call! + b.backend_call_unfinished! + (b.backend_call_aborted ?? 0) + (b.answered_not_delivered ?? 0),
    ).toBe(b.accepted_never_finished);
  }
  // The timeline accounts for every scheduled request.
  expect(r.timeline.reduce((n, p) => n + p.offered, 0)).toBe(r.totals.scheduled);
}
