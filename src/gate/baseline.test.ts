import { describe, expect, it } from 'vitest';
import { loadBaseline, loadResult } from '../../test/fixtures/gate/load.js';
import { ConfigError } from '../model/index.js';
import { baselineGateResults, compareToBaseline, makeBaseline, parseMaxRegression } from './baseline.js';

const full = loadResult('result-full');
const baseline = loadBaseline();

function check(spec: string, result = full, base: Parameters<typeof compareToBaseline>[1] = baseline) {
  return compareToBaseline(result, base, parseMaxRegression(spec));
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('parseMaxRegression', () => {
  it('parses absolute, relative and higher-is-better rules', () => {
    expect(parseMaxRegression('drop_rate=+0.005,p99_latency=+20%,lost=+0,completed=-5%')).toEqual([
      { spec: 'drop_rate=+0.005', metric: 'drop_rate', label: 'drop_rate', direction: 'increase', amount: 0.005, relative: false, allowanceText: '+0.005' },
      { spec: 'p99_latency=+20%', metric: 'p99_latency', label: 'p99_latency', direction: 'increase', amount: 0.2, relative: true, allowanceText: '+20%' },
      { spec: 'lost=+0', metric: 'lost', label: 'lost', direction: 'increase', amount: 0, relative: false, allowanceText: '+0' },
      { spec: 'completed=-5%', metric: 'completed', label: 'completed', direction: 'decrease', amount: 0.05, relative: true, allowanceText: '-5%' },
    ]);
  });

  it('tolerates whitespace, empty items and reads durations, labels and implied signs', () => {
    const rules = parseMaxRegression(' p99_latency = + 250ms , ,lost{priority=critical}=0, completed=5%, ');
    expect(rules.map((r) => [r.label, r.direction, r.amount, r.relative, r.allowanceText])).toEqual([
      ['p99_latency', 'increase', 250, false, '+250ms'],
      ['lost{priority=critical}', 'increase', 0, false, '+0'],
      ['completed', 'decrease', 0.05, true, '-5%'],
    ]);
  });

  it('reads % as relative to the baseline, even on a ratio metric', () => {
    expect(parseMaxRegression('drop_rate=+50%')[0]).toMatchObject({ amount: 0.5, relative: true });
  });

  it('rejects an unknown metric with a suggestion', () => {
    expect(errorOf(() => parseMaxRegression('drop_rat=+0.005')).message).toBe(
      'Unknown metric `drop_rat` in regression rule `drop_rat=+0.005`; did you mean `drop_rate`?',
    );
  });

  it('rejects a sign that would allow only an improvement', () => {
    expect(errorOf(() => parseMaxRegression('completed=+5%')).message).toBe(
      'Invalid regression rule `completed=+5%`: higher `completed` is better, so its regression is a decrease; write `completed=-5%`',
    );
    expect(errorOf(() => parseMaxRegression('lost=-1')).message).toBe(
      'Invalid regression rule `lost=-1`: lower `lost` is better, so its regression is an increase; write `lost=+1`',
    );
  });

  it('needs a sign on a metric with no better direction', () => {
    expect(errorOf(() => parseMaxRegression('scheduled=5')).message).toBe(
      'Invalid regression rule `scheduled=5`: `scheduled` has no better direction, so write `scheduled=+5` or `scheduled=-5`',
    );
    expect(parseMaxRegression('scheduled=-5')[0]).toMatchObject({ direction: 'decrease', amount: 5 });
  });

  it('rejects bad syntax, bad amounts and units that do not fit', () => {
    const expected = 'expected `<metric>=<+|-><amount>[%]`, e.g. `drop_rate=+0.005`, `p99_latency=+20%` or `completed=-5%`';
    expect(errorOf(() => parseMaxRegression('drop_rate<0.005')).message).toBe(`Invalid regression rule \`drop_rate<0.005\`: ${expected}`);
    expect(errorOf(() => parseMaxRegression('lost=+-1')).message).toBe(`Invalid amount \`-1\` in regression rule \`lost=+-1\`: ${expected}`);
    expect(errorOf(() => parseMaxRegression('lost=+x%')).message).toBe(`Invalid amount \`x%\` in regression rule \`lost=+x%\`: ${expected}`);
    expect(errorOf(() => parseMaxRegression('lost=+2s')).message).toBe('Invalid value `2s` in regression rule `lost=+2s`: `lost` is a count, not a duration');
    expect(errorOf(() => parseMaxRegression(' , ')).message).toBe(`Invalid regression rules \` , \`: the list is empty; ${expected}`);
  });

  it('collects every bad rule into one error', () => {
    expect(errorOf(() => parseMaxRegression('drop_rat=+1,lost=+0,p99=+1s')).message.split('\n')).toEqual([
      'Unknown metric `drop_rat` in regression rule `drop_rat=+1`; did you mean `drop_rate`?',
      'Unknown metric `p99` in regression rule `p99=+1s`; did you mean `p99_latency`?',
    ]);
  });
});

describe('compareToBaseline', () => {
  it('passes and fails an absolute rule', () => {
    const [pass] = check('drop_rate=+0.005');
    expect(pass).toMatchObject({ metric: 'drop_rate', expr: 'drop_rate <= baseline+0.005', baseline: 0.006, current: 0.01, pass: true });
    expect(pass.delta).toBeCloseTo(0.004, 12);
    expect(pass.allowed).toBe(0.005);
    expect(pass.limit).toBeCloseTo(0.011, 12);
    expect(pass.detail).toBe('drop_rate was 0.006, now 0.01: +0.004 (+66.6667%); allowed +0.005 (limit 0.011)');
    const [fail] = check('drop_rate=+0.003');
    expect(fail.pass).toBe(false);
    expect(fail.detail).toBe('drop_rate was 0.006, now 0.01: +0.004 (+66.6667%); allowed +0.003 (limit 0.009)');
  });

  it('passes and fails a relative rule on a latency', () => {
    expect(check('p99_latency=+20%')).toEqual([
      {
        metric: 'p99_latency',
        expr: 'p99_latency <= baseline+20%',
        baseline: 1700,
        current: 1999,
        delta: 299,
        allowed: 340,
        limit: 2040,
        pass: true,
        detail: 'p99_latency was 1.70 s, now 2.00 s (1999 ms): +299 ms (+17.5882%); allowed +20% (limit 2.04 s)',
        measured: '2.00 s (1999 ms)',
      },
    ]);
    const [fail] = check('p99_latency=+10%');
    expect(fail).toMatchObject({ pass: false, allowed: 170, limit: 1870 });
    expect(fail.detail).toBe('p99_latency was 1.70 s, now 2.00 s (1999 ms): +299 ms (+17.5882%); allowed +10% (limit 1.87 s)');
  });

  it('applies a duration allowance in ms', () => {
    expect(check('p99_latency=+300ms,p99_latency=+0.25s').map((c) => [c.expr, c.limit, c.pass])).toEqual([
      ['p99_latency <= baseline+300ms', 2000, true],
      ['p99_latency <= baseline+0.25s', 1950, false],
    ]);
  });

  it('checks a higher-is-better metric for a drop', () => {
    const [pass] = check('completed=-5%');
    expect(pass).toEqual({
      metric: 'completed',
      expr: 'completed >= baseline-5%',
      baseline: 900,
      current: 880,
      delta: -20,
      allowed: -45,
      limit: 855,
      pass: true,
      detail: 'completed was 900, now 880: -20 (-2.22222%); allowed -5% (limit 855)',
    });
    const [fail] = check('completed=-2%');
    expect(fail).toMatchObject({ pass: false, allowed: -18, limit: 882 });
    const [rate] = check('completion_rate=-0.01');
    expect(rate).toMatchObject({ expr: 'completion_rate >= baseline-0.01', pass: false });
    expect(rate.limit).toBeCloseTo(0.89, 12);
  });

  it('treats +0 as "no worse than the baseline", per priority too', () => {
    expect(check('lost=+0,lost{priority=critical}=+0').map((c) => [c.expr, c.baseline, c.current, c.pass])).toEqual([
      ['lost <= baseline+0', 6, 10, false],
      ['lost{priority=critical} <= baseline+0', 0, 0, true],
    ]);
  });

  it('passes every rule against its own baseline', () => {
    const rules = 'drop_rate=+0,p99_latency=+0%,completed=-0,lost{priority=low}=+0,retry_amplification=+0';
    expect(check(rules, full, makeBaseline(full)).every((c) => c.pass && c.delta === 0)).toBe(true);
  });

  it('fails when the baseline or the run has no data for the metric', () => {
    const noCritical = loadResult('result-full');
    delete noCritical.by_priority.critical;
    const [current] = check('lost{priority=critical}=+0', noCritical, makeBaseline(full));
    expect(current).toEqual({
      metric: 'lost{priority=critical}',
      expr: 'lost{priority=critical} <= baseline+0',
      baseline: 0,
      current: null,
      delta: null,
      allowed: null,
      limit: null,
      pass: false,
      detail: 'no data for priority=critical',
    });
    const [base] = check('lost{priority=critical}=+0', full, makeBaseline(noCritical));
    expect(base).toMatchObject({ baseline: null, current: 0, pass: false, detail: 'no baseline data for priority=critical' });
  });

  it('refuses a baseline of another strategy or scenario', () => {
    const drop = { ...loadResult('result-full'), strategy: 'drop' };
    expect(errorOf(() => check('lost=+0', drop)).message).toBe(
      'baseline is for scenario flash-spike strategy reject-429, this run is scenario flash-spike strategy drop; ' +
        'save a baseline from the same scenario and strategy (gameday baseline save)',
    );
    expect(errorOf(() => check('lost=+0', loadResult('result-missing-priority'))).message).toBe(
      'baseline is for scenario flash-spike strategy reject-429, this run is scenario steady-no-critical strategy drop; ' +
        'save a baseline from the same scenario and strategy (gameday baseline save)',
    );
  });

  it('refuses to compare simulations of two engine versions, and reads a sim result without one as version 1', () => {
    const sim = (engine?: number) => ({ ...loadResult('result-full'), mode: 'sim' as const, ...(engine === undefined ? {} : { sim_engine: engine }) });
    expect(errorOf(() => check('lost=+0', sim(2), sim(1))).message).toBe(
      'baseline was simulated on engine 1, this run on engine 2: a new engine can move results by itself, so they are not compared; ' +
        'save the baseline again from a run of this version (gameday baseline save)',
    );
    expect(errorOf(() => check('lost=+0', sim(2), sim())).message).toContain('baseline was simulated on engine 1, this run on engine 2');
    expect(check('lost=+0', sim(1), sim())[0].pass).toBe(true);
    // A live run against a simulated baseline (or the reverse) is the user's call, as it always was.
    expect(check('lost=+0', { ...loadResult('result-full'), mode: 'live' }, sim(2))[0].pass).toBe(true);
  });

  it('accepts a whole result.json as the baseline', () => {
    const [c] = check('lost=+0', full, loadResult('result-full'));
    expect(c).toMatchObject({ baseline: 10, current: 10, pass: true });
  });
});

describe('baselineGateResults', () => {
  it('turns comparisons into gate results for result.gates and JUnit', () => {
    expect(baselineGateResults(check('drop_rate=+0.003,completed=-5%'))).toEqual([
      {
        expr: 'drop_rate <= baseline+0.003',
        value: 0.01,
        pass: false,
        detail: 'drop_rate was 0.006, now 0.01: +0.004 (+66.6667%); allowed +0.003 (limit 0.009)',
      },
      {
        expr: 'completed >= baseline-5%',
        value: 880,
        pass: true,
        detail: 'completed was 900, now 880: -20 (-2.22222%); allowed -5% (limit 855)',
      },
    ]);
  });
});

describe('makeBaseline', () => {
  it('drops the timeline and wall fields and records what it is a baseline of', () => {
    const b = makeBaseline(full);
    expect(Object.hasOwn(b, 'timeline')).toBe(false);
    expect(Object.hasOwn(b, 'wall')).toBe(false);
    expect(b.baseline_of).toEqual({ scenario: 'flash-spike', strategy: 'reject-429', mode: 'sim', seed: 42 });
    const { timeline: _t, wall: _w, ...rest } = full;
    expect(b).toEqual({ ...rest, baseline_of: b.baseline_of });
  });

  it('does not modify the result', () => {
    const r = loadResult('result-full');
    makeBaseline(r);
    expect(r).toEqual(full);
  });
});
