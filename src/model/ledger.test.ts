import { describe, expect, it } from 'vitest';
import { Answer, Ledger, requestId, requestIndex } from './ledger.js';

const ledger = (n: number) => new Ledger(n, new Uint8Array(n), new Float64Array(n));

describe('Ledger', () => {
  it('gives every request exactly one outcome by the taxonomy', () => {
    const l = ledger(7);
    l.answer(0, Answer.accepted, 1); l.complete(0, 5); // completed
    l.answer(1, Answer.shed, 1); // shed
    l.answer(2, Answer.rejected, 1); // rejected
    l.answer(3, Answer.accepted, 1); l.fail(3, 'backend 529', 9); // failed
    l.answer(4, Answer.accepted, 1); // accepted, never finished: lost
    l.answer(5, Answer.network, 1); // connection error: lost
    l.answer(6, Answer.shed, 1); l.answer(6, Answer.accepted, 3); l.complete(6, 8); l.complete(6, 9); // retried in, completed twice
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => l.outcome(i))).toEqual(['completed', 'shed', 'rejected', 'failed', 'lost', 'lost', 'completed']);
    const { all } = l.totals();
    expect(all).toMatchObject({ scheduled: 7, completed: 2, shed: 1, rejected: 1, failed: 1, lost: 2, duplicates: 1 });
  });

  it('a completion seen at the backend wins over what the client heard', () => {
    const l = ledger(1);
    l.answer(0, Answer.timeout, 30_000); // the client gave up, but the service had it
    l.complete(0, 31_000);
    expect(l.outcome(0)).toBe('completed');
  });

  it('tracks accepted work still pending, whatever order the events arrive in', () => {
    const l = ledger(3);
    l.answer(0, Answer.accepted, 1);
    l.answer(1, Answer.accepted, 1);
    expect(l.pending).toBe(2);
    l.complete(0, 2);
    l.complete(2, 2); // completion before the client heard its 202
    l.answer(2, Answer.accepted, 3);
    l.fail(1, 'x', 4);
    expect(l.pending).toBe(0);
    expect(l.live).toMatchObject({ accepted: 3, completed: 2, failed: 1 });
  });

  it('maps ids both ways and ignores foreign ones', () => {
    expect(requestIndex(requestId(42))).toBe(42);
    expect(requestIndex('probe-1')).toBe(-1);
    expect(requestIndex('gd-x')).toBe(-1);
    expect(requestIndex(undefined)).toBe(-1);
  });
});
