import { describe, expect, it } from 'vitest';
import type { GateResult, RunResult } from './result.js';
import { combineVerdicts, computeVerdict, exitCodeOf } from './verdict.js';

const pass: GateResult = { expr: 'lost == 0', value: 0, pass: true };
const fail: GateResult = { expr: 'lost == 0', value: 12, pass: false };
const run = (gates: GateResult[], extra: Partial<RunResult> = {}) => ({ gates, totals: {} as RunResult['totals'], ...extra });

describe('computeVerdict', () => {
  it('pass and fail follow the gates; the failing gate is named with its value', () => {
    expect(computeVerdict(run([pass]))).toEqual({ status: 'pass', expected_failure: false, reasons: ['its 1 gate passed'] });
    expect(computeVerdict(run([pass, fail]))).toEqual({ status: 'fail', expected_failure: false, reasons: ['gate failed: lost == 0 (measured 12)'] });
    expect(exitCodeOf(computeVerdict(run([fail])))).toBe(1);
  });

  it('an expected failure that fails is a pass (exit 0); one that passes is a fail (exit 1)', () => {
    const expected = computeVerdict(run([fail]), { expectedFailure: true });
    expect(expected).toEqual({ status: 'pass', expected_failure: true, reasons: ['failed as expected (--expect-fail): lost == 0 (measured 12)'] });
    expect(exitCodeOf(expected)).toBe(0);
    const surprise = computeVerdict(run([pass]), { expectedFailure: true });
    expect(surprise.status).toBe('fail');
    expect(exitCodeOf(surprise)).toBe(1);
  });

  it('an invalid run concludes nothing about the strategy, whatever its gates say: exit 4', () => {
    const v = computeVerdict(run([pass], { validity: { valid: false, reasons: ['37 arrivals sent more than 50 ms late'] } }));
    expect(v.status).toBe('invalid');
    expect(v.reasons).toEqual([
      'the load generator fell far enough behind to change what this run concludes; nothing is concluded about the strategy',
      '37 arrivals sent more than 50 ms late',
      'to conclude: run it at a lower rate or on a machine with CPU to spare; if the machine was only busy for a while, run it several times and gate on the median (--repeat 5 --gate-on median)',
    ]);
    expect(exitCodeOf(v)).toBe(4);
    expect(computeVerdict(run([fail], { validity: { valid: true, reasons: [] } })).status).toBe('fail');
  });

  it('an interrupt outranks everything: 130 for SIGINT, 143 for SIGTERM', () => {
    const invalid = run([fail], { validity: { valid: false, reasons: [] } });
    const sigint = computeVerdict(invalid, { interrupted: { signal: 'SIGINT', at_ms: 3200 } });
    expect(sigint).toMatchObject({ status: 'interrupted', reasons: ['stopped by SIGINT at 3.2 s; arrivals not yet due are not sent, and not lost'] });
    expect(exitCodeOf(sigint, { signal: 'SIGINT' })).toBe(130);
    expect(exitCodeOf(computeVerdict(invalid, { interrupted: { signal: 'SIGTERM' } }), { signal: 'SIGTERM' })).toBe(143);
  });

  it('an abort names its condition and time and exits 5, apart from a failed gate; a deviated `after` fails like a gate', () => {
    const aborted = computeVerdict(run([pass]), { aborted: { expr: 'lost > 50', at_ms: 7000, value: 57, detail: 'lost = 57, > 50' } });
    expect(aborted.status).toBe('aborted');
    expect(aborted.reasons[0]).toMatch(/^abort condition `lost > 50` breached at 7\.0 s \(lost = 57, > 50\)/);
    expect(exitCodeOf(aborted)).toBe(5);
    const check = { expr: 'drop_rate == 0', value: 0.2, held: false, detail: 'drop_rate = 0.2, == 0' };
    const after = { name: 'after' as const, from_ms: 0, to_ms: 1, held: false, checks: [check] };
    const hypothesis = {
      steady_state: ['drop_rate == 0'],
      disturbance: { start_ms: 0, end_ms: 0 },
      windows: [after],
      recovered_after_ms: null,
      recovery_window_ms: 1,
    };
    const v = computeVerdict({ ...run([pass]), hypothesis });
    expect(v).toMatchObject({ status: 'fail', reasons: ['hypothesis deviated after the disturbance: drop_rate = 0.2, == 0'] });
    expect(exitCodeOf(v)).toBe(1);
  });
});

describe('a command of yours that failed', () => {
  const failed = { role: 'command', run: 'kubectl delete pod x', at_ms: 1000, duration_ms: 20, exit_code: 1, timed_out: false, output: '', ok: false } as const;
  const reason = 'command failed: kubectl delete pod x (exit 1): the disturbance did not happen as written';

  it('fails a run whose gates pass, and is never the failure an --expect-fail strategy was expected to show', () => {
    expect(computeVerdict(run([pass]), {}).status).toBe('pass');
    expect(computeVerdict(run([pass], { commands: [failed] }))).toMatchObject({ status: 'fail', reasons: [reason] });
    expect(computeVerdict(run([pass], { commands: [failed] }), { expectedFailure: true })).toMatchObject({ status: 'fail', reasons: [reason] });
  });

  it('is said in an aborted verdict too', () => {
    const abort = { expr: 'lost > 5', at_ms: 2000, value: 6, detail: 'lost = 6' };
    expect(computeVerdict(run([pass], { commands: [failed], abort })).reasons).toContain(reason);
  });
});

describe('combineVerdicts', () => {
  const named = (strategy: string, gates: GateResult[], expectedFailure = false) =>
    ({ strategy, gates, verdict: computeVerdict(run(gates), { expectedFailure }) }) as unknown as RunResult;

  it('is the worst of the strategies, with the reasons of those that decided it', () => {
    const v = combineVerdicts([named('drop', [fail]), named('reject-429', [pass])]);
    expect(v).toEqual({ status: 'fail', expected_failure: false, reasons: ['drop: lost == 0 (measured 12)'] });
    expect(combineVerdicts([named('drop', [fail], true), named('reject-429', [pass])])).toEqual({
      status: 'pass',
      expected_failure: true,
      reasons: ['drop: failed as expected (--expect-fail): lost == 0 (measured 12)'],
    });
    expect(combineVerdicts([named('a', [pass]), named('b', [pass])]).reasons).toEqual(['all 2 strategies pass']);
    expect(combineVerdicts([named('a', [pass])], ['b', 'c']).reasons).toEqual(['a passes', 'not run: b, c']);
  });
  it('a comparison made invalid by one strategy still names another strategy that failed in a valid run', () => {
    const invalid = { ...run([pass], { validity: { valid: false, reasons: ['lag'] } }), strategy: 'persistent' };
    const failed = { ...run([fail], { validity: { valid: true, reasons: [] } }), strategy: 'drop' };
    const v = combineVerdicts([failed, invalid] as RunResult[]);
    expect(v.status).toBe('invalid');
    expect(v.reasons.some((x) => x.startsWith('drop: FAIL — '))).toBe(true);
  });

  it('several deciding strategies: a short headline, then each detail once, strategies with the same words named together', () => {
    const abort = (at_ms: number, value: number) => ({ expr: 'lost > 50', at_ms, value, detail: `lost = ${value}, > 50` });
    const aborted = (strategy: string, a: ReturnType<typeof abort>) => ({ ...run([fail], { abort: a }), strategy }) as RunResult;
    const v = combineVerdicts([
      aborted('drop', abort(16_000, 52)),
      aborted('raise', abort(16_000, 52)),
      aborted('priority-shed', abort(17_000, 53)),
      { ...run([pass]), strategy: 'persistent' } as RunResult,
    ]);
    expect(v.status).toBe('aborted');
    expect(v.reasons).toEqual([
      '4 strategies: 3 aborted, 1 passed',
      'drop, raise: abort condition `lost > 50` breached at 16.0 s (lost = 52, > 50)',
      'priority-shed: abort condition `lost > 50` breached at 17.0 s (lost = 53, > 50)',
      'all 3 aborted: the traffic stopped there, arrivals not yet due were not sent',
    ]);
    expect(exitCodeOf(v)).toBe(5);
    // Invalid: the note and the fix every invalid run gives are said once, around each run's own reason.
    const invalid = (strategy: string, why: string) => ({ ...run([pass], { validity: { valid: false, reasons: [why] } }), strategy }) as RunResult;
    const w = combineVerdicts([invalid('a', '3 late'), invalid('b', '9 late')], ['c']);
    expect(w.reasons).toEqual([
      '3 strategies: 2 invalid, 1 not run',
      expect.stringMatching(/^all 2 invalid: the load generator fell far enough behind/),
      'a: 3 late',
      'b: 9 late',
      expect.stringMatching(/^all 2 invalid: to conclude: /),
      'not run: c',
    ]);
  });
});
