import { describe, expect, it } from 'vitest';
import { Answer, Ledger, type Outcome } from '../model/index.js';
import { DepthSeries, buildTimeline } from './timeline.js';
import { runningOutcome, runningStats, windowStats } from './window-stats.js';

const NONE = { cost_usd: null, backend_calls: null };

/**
 * Ten requests, one a second from 0 s, each with a known fate:
 * 0 completed (at 0.5 s) · 1 shed (1 s) · 2 accepted at 2 s, never finished · 3 completed late (at 9 s)
 * 4 rejected · 5 failed (at 6 s) · 6 connection error (6 s) · 7 accepted at 7 s, never finished
 * 8 completed (8.2 s) · 9 never sent.
 */
function tenRequests(upTo = Infinity): Ledger {
  const at = Float64Array.from({ length: 10 }, (_, i) => i * 1000);
  const l = new Ledger(10, new Uint8Array(10), at);
  // The ledger as it stood at `upTo`: a running check never sees what has not happened yet.
  const when = (t: number, fn: () => void) => t <= upTo && fn();
  const answer = (i: number, kind: (typeof Answer)[keyof typeof Answer]) =>
    when(at[i], () => {
      l.attempt(i);
      l.sent(i, at[i]);
      l.answer(i, kind, at[i]);
    });
  [0, 2, 3, 5, 7, 8].forEach((i) => answer(i, Answer.accepted));
  answer(1, Answer.shed);
  answer(4, Answer.rejected);
  answer(6, Answer.network);
  when(500, () => l.complete(0, 500));
  when(9000, () => l.complete(3, 9000));
  when(6000, () => l.fail(5, 'backend 529', 6000));
  when(8200, () => l.complete(8, 8200));
  return l;
}

describe('windowStats (after the run, by arrival)', () => {
  it('each second matches the timeline built from the same run, and the windows add up to the totals', () => {
    const l = tenRequests();
    const timeline = buildTimeline(l, new DepthSeries(), 10_000);
    const sum: Record<Outcome, number> = { completed: 0, shed: 0, rejected: 0, failed: 0, lost: 0 };
    for (const p of timeline) {
      const w = windowStats(l, p.t * 1000, p.t * 1000 + 1000);
      expect([w.scheduled, w.lost], `second ${p.t}`).toEqual([p.offered, p.lost]);
      for (const o of Object.keys(sum) as Outcome[]) sum[o] += w[o];
    }
    const { all } = l.totals();
    expect(sum).toEqual({ completed: all.completed, shed: all.shed, rejected: all.rejected, failed: all.failed, lost: all.lost });
  });

  it('counts a window by arrival, whenever the outcome came: request 3 arrived at 3 s and completed at 9 s', () => {
    const w = windowStats(tenRequests(), 2000, 4000);
    expect(w).toMatchObject({ scheduled: 2, completed: 1, lost: 1, pending: 0 });
    expect(w.latency).toMatchObject({ count: 1, max: 6000 });
  });
});

describe('runningStats (while the run goes)', () => {
  it('a request is lost only once the horizon has passed since its last answer', () => {
    const l = tenRequests(8500);
    expect(runningOutcome(l, 2, 4000, 3000)).toBe('pending'); // accepted at 2 s, 2 s ago
    expect(runningOutcome(l, 2, 5001, 3000)).toBe('lost');
    expect(runningOutcome(l, 6, 8000, 3000)).toBe('pending'); // connection error at 6 s: its client may retry
    expect(runningOutcome(l, 6, 9001, 3000)).toBe('lost');
    expect(runningOutcome(l, 9, 9500, 0)).toBe('pending'); // never answered: nothing is known yet
  });

  it('totals so far: every arrival due by now, with what is known now', () => {
    const w = runningStats(tenRequests(8500), 8500, undefined, 3000, NONE);
    // Due by 8.5 s: 0..8. Lost: 2 and 3 (accepted at 2 s and 3 s, past the 3 s horizon; 3's late
    // completion at 9 s will take it back). Pending: 6 (its connection error is 2.5 s old) and 7.
    expect(w).toMatchObject({ scheduled: 9, completed: 2, shed: 1, rejected: 1, failed: 1, lost: 2, pending: 2 });
    // Latency: the completed (0 and 8) and every accepted one still unfinished at its age (2, 3 and 7).
    expect(w.latency.count).toBe(5);
    expect(w.latency.max).toBe(6500);
  });

  it('a trailing window holds the outcomes that became known in it', () => {
    // [6 s, 8.5 s]: failed 5 (6 s), lost 2 and 3 (their horizons ran out at 5 s and 6 s: only 3 is in), completed 8 (8.2 s).
    const w = runningStats(tenRequests(8500), 8500, 6000, 3000, NONE);
    expect(w).toMatchObject({ scheduled: 3, failed: 1, lost: 1, completed: 1, shed: 0, rejected: 0 });
  });
});
