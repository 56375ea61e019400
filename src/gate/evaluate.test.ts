import { describe, expect, it } from 'vitest';
import { loadResult } from '../../test/fixtures/gate/load.js';
import { ConfigError } from '../model/index.js';
import { compare, evaluateGates, validateGates } from './evaluate.js';

const full = loadResult('result-full');
const missing = loadResult('result-missing-priority');

describe('evaluateGates', () => {
  it('returns one result per expression, in order, with value, pass and detail', () => {
    expect(evaluateGates(full, ['lost == 0', 'drop_rate < 0.02', 'p99_latency < 2s'])).toEqual([
      { expr: 'lost == 0', value: 10, pass: false, detail: 'lost = 10, expected == 0' },
      { expr: 'drop_rate < 0.02', value: 0.01, pass: true, detail: 'drop_rate = 0.01, expected < 0.02' },
      { expr: 'p99_latency < 2s', value: 1999, measured: '2.00 s (1999 ms)', pass: true, detail: 'p99_latency = 2.00 s (1999 ms), expected < 2s' },
    ]);
  });

  it('keeps the expression as written, trimmed', () => {
    expect(evaluateGates(full, ['  shed_rate<=9%  '])).toEqual([
      { expr: 'shed_rate<=9%', value: 0.09, pass: true, detail: 'shed_rate = 0.09, expected <= 9%' },
    ]);
  });

  it('compares durations in ms: p99_latency < 2s passes at 1999 ms and fails at 2000 ms', () => {
    const at2000 = loadResult('result-full');
    at2000.latency_ms.p99 = 2000;
    expect(evaluateGates(full, ['p99_latency < 2s'])[0].pass).toBe(true);
    expect(evaluateGates(at2000, ['p99_latency < 2s'])[0]).toEqual({
      expr: 'p99_latency < 2s',
      value: 2000,
      measured: '2.00 s',
      pass: false,
      detail: 'p99_latency = 2.00 s, expected < 2s',
    });
    expect(evaluateGates(at2000, ['p99_latency <= 2s', 'p99_latency <= 2000ms', 'p99_latency < 2001ms']).map((g) => g.pass)).toEqual([true, true, true]);
  });

  it('uses an epsilon for equality on rates computed in floating point', () => {
    const r = loadResult('result-full');
    r.rates.drop_rate = 1 / 10;
    r.rates.shed_rate = 0.1 + 0.2; // 0.30000000000000004
    const results = evaluateGates(r, ['drop_rate == 0.1', 'shed_rate == 0.3', 'shed_rate == 30%', 'shed_rate <= 0.3', 'shed_rate > 0.3']);
    expect(results.map((g) => g.pass)).toEqual([true, true, true, true, false]);
    expect(results[1].detail).toBe('shed_rate = 0.3, expected == 0.3');
  });

  it('evaluates != with the same epsilon', () => {
    const r = loadResult('result-full');
    r.rates.shed_rate = 0.1 + 0.2;
    expect(evaluateGates(r, ['shed_rate != 0.3', 'lost != 0', 'lost != 10']).map((g) => g.pass)).toEqual([false, true, false]);
  });

  it('evaluates each operator at, below and above the threshold', () => {
    const gates = ['lost < 10', 'lost <= 10', 'lost > 10', 'lost >= 10', 'lost == 10', 'lost != 10'];
    expect(evaluateGates(full, gates).map((g) => g.pass)).toEqual([false, true, false, true, true, false]);
    const nine = gates.map((g) => g.replace('10', '11'));
    expect(evaluateGates(full, nine).map((g) => g.pass)).toEqual([true, true, false, false, false, true]);
  });

  it('evaluates per-priority gates', () => {
    expect(evaluateGates(full, ['lost{priority=critical} == 0', 'drop_rate{priority=low} <= 1%', 'drop_rate{priority=normal} < 1%'])).toEqual([
      { expr: 'lost{priority=critical} == 0', value: 0, pass: true, detail: 'lost{priority=critical} = 0, expected == 0' },
      { expr: 'drop_rate{priority=low} <= 1%', value: 0.01, pass: true, detail: 'drop_rate{priority=low} = 0.01, expected <= 1%' },
      {
        expr: 'drop_rate{priority=normal} < 1%',
        value: 8 / 600,
        pass: false,
        detail: 'drop_rate{priority=normal} = 0.0133333, expected < 1%',
      },
    ]);
  });

  it('fails a gate on a priority with no data instead of passing it silently', () => {
    expect(evaluateGates(missing, ['lost{priority=critical} == 0', 'drop_rate{priority=critical} < 1', 'completed{priority=critical} != 1'])).toEqual([
      { expr: 'lost{priority=critical} == 0', value: null, pass: false, detail: 'no data for priority=critical' },
      { expr: 'drop_rate{priority=critical} < 1', value: null, pass: false, detail: 'no data for priority=critical' },
      { expr: 'completed{priority=critical} != 1', value: null, pass: false, detail: 'no data for priority=critical' },
    ]);
  });

  it('fails a rate gate on a priority with nothing scheduled, but counts it as zero', () => {
    expect(evaluateGates(missing, ['drop_rate{priority=high} < 0.5', 'lost{priority=high} == 0'])).toEqual([
      { expr: 'drop_rate{priority=high} < 0.5', value: null, pass: false, detail: 'no data for priority=high: none scheduled' },
      { expr: 'lost{priority=high} == 0', value: 0, pass: true, detail: 'lost{priority=high} = 0, expected == 0' },
    ]);
  });

  it('fails a gate on a metric with no value', () => {
    expect(evaluateGates(missing, ['drain_time < 10s'])).toEqual([{ expr: 'drain_time < 10s', value: null, pass: false, detail: 'no data for drain_time' }]);
  });

  it('throws one ConfigError for bad expressions before evaluating anything', () => {
    expect(() => evaluateGates(full, ['lost == 0', 'lost =< 0'])).toThrow(
      new ConfigError('Invalid gate `lost =< 0`: expected `<metric> <op> <value>` with op one of < <= > >= == !='),
    );
  });
});

describe('validateGates', () => {
  it('returns the parsed gates when all are valid', () => {
    expect(validateGates(['lost == 0', 'p99_latency < 2s']).map((g) => [g.label, g.op, g.threshold])).toEqual([
      ['lost', '==', 0],
      ['p99_latency', '<', 2000],
    ]);
  });

  it('collects every error, not just the first, one per line', () => {
    let caught: unknown;
    try {
      validateGates(['lost == 0', 'drop_rat < 0.01', 'lost =< 0', 'lost < 2s', 'lost{priority=urgent} == 0']);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).message.split('\n')).toEqual([
      'Unknown metric `drop_rat` in gate `drop_rat < 0.01`; did you mean `drop_rate`?',
      'Invalid gate `lost =< 0`: expected `<metric> <op> <value>` with op one of < <= > >= == !=',
      'Invalid value `2s` in gate `lost < 2s`: `lost` is a count, not a duration',
      'Unknown priority `urgent` in gate `lost{priority=urgent} == 0`: expected one of critical, high, normal, low',
    ]);
  });

  it('accepts an empty list', () => {
    expect(validateGates([])).toEqual([]);
  });
});

describe('compare', () => {
  it('treats values within 1e-9 as equal and values 1e-6 apart as different', () => {
    expect(compare(0.1 + 1e-10, '==', 0.1)).toBe(true);
    expect(compare(0.1 + 1e-10, '>', 0.1)).toBe(false);
    expect(compare(0.1 - 1e-10, '<', 0.1)).toBe(false);
    expect(compare(0.1 + 1e-6, '==', 0.1)).toBe(false);
    expect(compare(0.1 + 1e-6, '>', 0.1)).toBe(true);
  });
});
