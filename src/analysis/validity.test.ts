import { describe, expect, it } from 'vitest';
import { emptyTotals, Ledger } from '../model/index.js';
import { displacement } from './displacement.js';
import { decideValidity, type Tolerance } from './effect.js';
import { judgeGenerator as judgeFacts, type GeneratorFacts } from './validity.js';

const stats = { launched: 4, notDue: 0, abandoned: 0, errors: 0, eventLoopUtilization: 0.5, connections: 100 };
const tol = { late: 1, uncertainty: 0.01 };

function ledgerWithLags(lags: (number | null)[], gapMs = 10): Ledger {
  const at = Float64Array.from(lags.map((_, i) => i * gapMs));
  const l = new Ledger(lags.length, new Uint8Array(lags.length), at);
  lags.forEach((lag, i) => lag !== null && l.sent(i, at[i] + lag));
  return l;
}

/** The generator judged, and its validity decided as summarize does for a run with no gates. */
function judgeGenerator(ledger: Ledger, g: GeneratorFacts, t: Tolerance, trafficEndMs: number) {
  const judged = judgeFacts(ledger, g, t, trafficEndMs);
  return { generator: judged.generator, validity: decideValidity({ ...judged, totals: { ...emptyTotals(), scheduled: ledger.count } }, t) };
}

const D = (intended: number[], sent: number[], grace = 0, end = Infinity) =>
  displacement(Float64Array.from(intended), Float64Array.from(sent), intended.length, grace, end);

describe('displacement D: the most arrivals ever behind schedule', () => {
  it('on time is 0, however many arrivals', () => {
    expect(D([0, 10, 20], [0, 10, 20]).arrivals).toBe(0);
  });

  it('a uniform lag smaller than the gaps displaces one arrival at a time', () => {
    expect(D([0, 10, 20, 30], [3, 13, 23, 33]).arrivals).toBe(1);
  });

  it('a uniform lag of 30 ms at one arrival per 10 ms displaces 3', () => {
    const intended = Array.from({ length: 100 }, (_, i) => i * 10);
    expect(
      D(
        intended,
        intended.map((t) => t + 30),
      ).arrivals,
    ).toBe(3);
  });

  it('a stall holds back everything due during it, and says when', () => {
    // Due every 10 ms; nothing leaves between 100 and 300 ms, then all at once.
    const intended = Array.from({ length: 50 }, (_, i) => i * 10);
    const sent = intended.map((t) => (t >= 100 && t < 300 ? 300 : t));
    const d = D(intended, sent);
    expect(d.arrivals).toBe(20);
    expect(d.at_ms).toBe(290);
    expect(d.window_ms).toEqual([190, 300]);
  });

  it('an arrival never sent stays displaced to the end', () => {
    const d = D([0, 10, 20], [0, -1, -1], 0, 15);
    expect(d.arrivals).toBe(2);
    expect(d.behind_at_traffic_end).toBe(1);
  });

  it('sends out of order count by when they happened, not by index', () => {
    // The second arrival left before the first: at 5 ms one is out and one is due.
    expect(D([0, 5], [6, 5]).arrivals).toBe(1);
  });

  it('the grace: sent within it counts as on time; a send exactly at its end is on time', () => {
    expect(D([0, 10, 20], [0.5, 10.9, 21], 1).arrivals).toBe(0);
    expect(D([0, 10, 20], [0.5, 10.9, 21.5], 1).arrivals).toBe(1);
  });

  it('a burst sent over its write time is displaced by what had not yet been written', () => {
    // 100 arrivals due at 0, written one every 0.2 ms: at 1 ms (the grace) 95 are still to go.
    const intended = Array.from({ length: 100 }, () => 0);
    const sent = intended.map((_, k) => (k + 1) * 0.2);
    expect(D(intended, sent, 1).arrivals).toBe(95);
  });
});

describe('judgeGenerator', () => {
  it('on time: valid, with the lag percentiles, the achieved count and D = 0', () => {
    const { generator, validity } = judgeGenerator(ledgerWithLags([0, 0.5, 1, 0]), stats, tol, 40);
    expect(validity).toMatchObject({ valid: true, reasons: [], count_uncertainty: 0, displacement: { arrivals: 0 } });
    expect(generator).toMatchObject({ sent: 4, unsent: 0, late_sends: 0, lag_ms: { p50: 0, p99: 1, max: 1 }, event_loop_utilization: 0.5 });
  });

  it('late sends are facts, not reasons: a 30 ms lag at 10 ms spacing is D = 3, uncertainty 6', () => {
    const l = ledgerWithLags(Array.from({ length: 1000 }, () => 30));
    const { generator, validity } = judgeGenerator(l, { ...stats, launched: 1000 }, tol, 10_000);
    expect(generator.late_sends).toBe(1000);
    expect(validity.displacement?.arrivals).toBe(3);
    expect(validity.count_uncertainty).toBe(6);
    // No gates, no replay: 6 of 1,000 is within 1% of scheduled.
    expect(validity.valid).toBe(true);
  });

  it('no gates: an uncertainty over 1% of scheduled is invalid, naming when, how far and by how much the counts could move', () => {
    const l = ledgerWithLags(Array.from({ length: 100 }, (_, i) => (i >= 10 && i < 30 ? 300 - i * 10 : 0)));
    const { validity } = judgeGenerator(l, { ...stats, launched: 100 }, tol, 1000);
    expect(validity.valid).toBe(false);
    expect(validity.reasons[0]).toMatch(
      /^the generator fell up to \d+ ms \(20 arrivals\) behind at [\d.]+–[\d.]+ s; the counts could be off by up to 40 request\(s\)/,
    );
  });

  it('an arrival never sent is the generator shortfall; one not yet due at an interrupt is not', () => {
    const unsent = judgeGenerator(ledgerWithLags([0, 0, 0, null]), stats, tol, 40);
    expect(unsent.validity.reasons[0]).toBe('1 arrival(s) were never sent (due, but no connection or no chance to write them before the run ended)');
    expect(unsent.generator).toMatchObject({ sent: 3, unsent: 1 });
    const interrupted = judgeGenerator(ledgerWithLags([0, 0, 0, null]), { ...stats, launched: 3, notDue: 1 }, tol, 40);
    expect(interrupted.validity.valid).toBe(true);
    expect(interrupted.generator).toMatchObject({ unsent: 1, not_due: 1 });
  });

  it('a generator seconds late for over 1% of its arrivals is invalid whatever the counts', () => {
    // Each arrival a little later than the last: the tail leaves 1.5 s late.
    const l = ledgerWithLags(
      Array.from({ length: 100 }, (_, i) => i * 15),
      10,
    );
    const { validity } = judgeGenerator(l, { ...stats, launched: 100 }, { late: 1, uncertainty: 1 }, 1000);
    expect(validity.valid).toBe(false);
    expect(validity.reasons).toEqual([
      "the generator fell up to 1.5 s (60 arrivals) behind at 0.5–1.8 s; over 1% of its arrivals left more than 1 s late (send lag p99 1.5 s), still 59 behind when the traffic was due to end: it offered another load than the scenario's",
    ]);
  });
});
