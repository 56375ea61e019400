import { describe, expect, it } from 'vitest';
import { Answer, Ledger, type AnswerKind } from './ledger.js';
import { RequestIds, idsInText } from './request-ids.js';

const ledger = (n: number) => new Ledger(n, new Uint8Array(n), new Float64Array(n));

describe('Ledger', () => {
  it('gives every request exactly one outcome by the taxonomy', () => {
    const l = ledger(7);
    l.answer(0, Answer.accepted, 1);
    l.complete(0, 5); // completed
    l.answer(1, Answer.shed, 1); // shed
    l.answer(2, Answer.rejected, 1); // rejected
    l.answer(3, Answer.accepted, 1);
    l.fail(3, 'backend 529', 9); // failed
    l.answer(4, Answer.accepted, 1); // accepted, never finished: lost
    l.answer(5, Answer.network, 1); // connection error: lost
    l.answer(6, Answer.shed, 1);
    l.answer(6, Answer.accepted, 3);
    l.complete(6, 8);
    l.complete(6, 9); // retried in, completed twice
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => l.outcome(i))).toEqual(['completed', 'shed', 'rejected', 'failed', 'lost', 'lost', 'completed']);
    const { all } = l.totals();
    expect(all).toMatchObject({ scheduled: 7, completed: 2, shed: 1, rejected: 1, failed: 1, lost: 2, duplicates: 1 });
  });

  it('a run stopped early: not yet due is not_sent, held by the queue or cut in flight is unfinished_at_stop; nothing else moves', () => {
    const l = new Ledger(6, new Uint8Array(6), Float64Array.from([0, 10, 20, 30, 40, 50]));
    const sent = (i: number, a: AnswerKind) => {
      l.attempt(i);
      l.sent(i, i * 10);
      l.answer(i, a, i * 10 + 1);
    };
    sent(0, Answer.accepted); // in the durable queue at the stop
    sent(1, Answer.accepted); // accepted and dropped: lost whatever happened after
    l.attempt(2);
    l.sent(2, 20);
    l.cutByRunEnd(2);
    l.answer(2, Answer.timeout, 35); // waiting for its answer when the stop cut it
    sent(3, Answer.accepted);
    l.complete(3, 34); // held by the queue file as read, completed after: completed wins
    // 4 and 5 were never sent; the traffic stopped at 40, so 4 (due at 40) and 5 were not yet due.
    expect(l.outcome(2)).toBe('lost'); // before the run is known to have stopped early: a timeout
    l.stopTraffic(40);
    l.stopEarly();
    l.holdAtStop(0);
    l.holdAtStop(3);
    expect([0, 1, 2, 3, 4, 5].map((i) => l.outcome(i))).toEqual(['unfinished_at_stop', 'lost', 'unfinished_at_stop', 'completed', 'not_sent', 'not_sent']);
    expect(l.totals().all).toMatchObject({ scheduled: 6, completed: 1, lost: 1, not_sent: 2, unfinished_at_stop: 2 });
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
    const ids = new RequestIds('0a1b2c3d');
    expect(ids.id(42)).toBe('gd-0a1b2c3d-42');
    expect(ids.index(ids.id(42))).toBe(42);
    expect(ids.index('GD-0A1B2C3D-42')).toBe(42); // an upper-cased prompt still matches
    expect(ids.index('probe-1')).toBe(-1);
    expect(ids.index('gd-x')).toBe(-1);
    expect(ids.index('gd-42')).toBe(-1); // the old, run-less form
    expect(ids.index(undefined)).toBe(-1);
  });

  it("knows another run's ids as foreign, never as its own request with the same number", () => {
    const first = new RequestIds();
    const second = new RequestIds();
    expect(first.nonce).not.toBe(second.nonce);
    expect(second.index(first.id(7))).toBe(-1);
    expect(second.owner(first.id(7))).toEqual({ kind: 'foreign' });
    expect(second.owner(second.id(7))).toEqual({ kind: 'ours', index: 7 });
    expect(second.owner('hello')).toBeUndefined();
  });

  it('finds every id in a text once, whatever its case', () => {
    expect(idsInText('jobs: GD-0A1B2C3D-1, gd-0a1b2c3d-2 and gd-0a1b2c3d-1; not gd-1 nor gd-0a1b2c3-3')).toEqual(['gd-0a1b2c3d-1', 'gd-0a1b2c3d-2']);
  });

  it('tells a chain from a duplicate by what each answered call asked', () => {
    const l = new Ledger(4, new Uint8Array(4), new Float64Array(4));
    for (let i = 0; i < 4; i++) l.answer(i, Answer.accepted, 0);
    l.complete(0, 1, 11); // a plan, then the answer built on it: two steps of one job
    l.complete(0, 2, 22);
    l.complete(1, 1, 11); // the same question answered twice: processed twice
    l.complete(1, 2, 11);
    l.complete(2, 1, 11); // two steps, and the second one redone
    l.complete(2, 2, 22);
    l.complete(2, 3, 22);
    l.complete(3, 1); // nobody said what was asked (virtual time): every repeat is a duplicate
    l.complete(3, 2);
    expect([0, 1, 2, 3].map((i) => l.steps(i))).toEqual([2, 1, 2, 1]);
    expect(l.totals().all).toMatchObject({ completed: 4, duplicates: 3 });
  });

  it('keeps a refused request refused when the backend did its work anyway', () => {
    const l = new Ledger(3, new Uint8Array(3), new Float64Array(3));
    l.answer(0, Answer.shed, 1);
    l.complete(0, 2);
    l.answer(1, Answer.rejected, 1);
    l.complete(1, 2);
    l.complete(1, 3);
    l.answer(2, Answer.accepted, 1);
    l.complete(2, 2);
    expect([l.outcome(0), l.outcome(1), l.outcome(2)]).toEqual(['shed', 'rejected', 'completed']);
    expect([0, 1, 2].map((i) => l.processedAlthoughRefused(i))).toEqual([true, true, false]);
    // Repeats of a refused request's work are not duplicates of a completion.
    expect(l.totals().all).toMatchObject({ completed: 1, shed: 1, rejected: 1, duplicates: 0 });
  });
});
