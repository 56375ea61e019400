import { describe, expect, it } from 'vitest';
import { Ledger } from '../model/index.js';
import { judgeGenerator } from './validity.js';

const stats = { launched: 4, notDue: 0, abandoned: 0, errors: 0, eventLoopUtilization: 0.5, connections: 100 };
const tol = { lagP99: 10, late: 50 };

function ledgerWithLags(lags: (number | null)[]): Ledger {
  const at = Float64Array.from(lags.map((_, i) => i * 10));
  const l = new Ledger(lags.length, new Uint8Array(lags.length), at);
  lags.forEach((lag, i) => lag !== null && l.sent(i, at[i] + lag));
  return l;
}

describe('judgeGenerator', () => {
  it('on time: valid, with the lag percentiles and the achieved count', () => {
    const { generator, validity } = judgeGenerator(ledgerWithLags([0, 1, 2, 3]), stats, tol);
    expect(validity).toEqual({ valid: true, reasons: [] });
    expect(generator).toMatchObject({ sent: 4, unsent: 0, late_sends: 0, lag_ms: { p50: 1, p99: 3, max: 3 }, event_loop_utilization: 0.5 });
  });

  it('one arrival past the lateness threshold: invalid, naming it', () => {
    const { generator, validity } = judgeGenerator(ledgerWithLags([0, 0, 0, 51]), stats, tol);
    expect(validity.valid).toBe(false);
    expect(validity.reasons).toContain('1 arrival(s) were sent more than 50 ms late (max lag 51 ms)');
    expect(generator.late_sends).toBe(1);
  });

  it('lag p99 over its tolerance: invalid, naming the p99', () => {
    const { validity } = judgeGenerator(ledgerWithLags([11, 11, 11, 11]), stats, tol);
    expect(validity.reasons).toEqual(['send lag p99 11 ms is over the 10 ms tolerance']);
  });

  it('an arrival never sent is the generator shortfall; one not yet due at an interrupt is not', () => {
    const unsent = judgeGenerator(ledgerWithLags([0, 0, 0, null]), stats, tol);
    expect(unsent.validity.reasons).toEqual(['1 arrival(s) were never sent (due, but no connection or no chance to write them before the run ended)']);
    expect(unsent.generator).toMatchObject({ sent: 3, unsent: 1 });
    const interrupted = judgeGenerator(ledgerWithLags([0, 0, 0, null]), { ...stats, launched: 3, notDue: 1 }, tol);
    expect(interrupted.validity.valid).toBe(true);
    expect(interrupted.generator).toMatchObject({ unsent: 1, not_due: 1 });
  });
});
