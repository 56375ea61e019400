import { describe, expect, it } from 'vitest';
import { ConfigError } from '../model/index.js';
import { parseGate } from './parse.js';

function errorOf(expr: string): ConfigError {
  try {
    parseGate(expr);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`expected parseGate(${JSON.stringify(expr)}) to throw`);
}

const SYNTAX = 'expected `<metric> <op> <value>` with op one of < <= > >= == !=';

describe('parseGate: valid forms', () => {
  it.each([
    ['lost < 1', '<'],
    ['lost <= 1', '<='],
    ['lost > 1', '>'],
    ['lost >= 1', '>='],
    ['lost == 1', '=='],
    ['lost != 1', '!='],
  ] as const)('parses the operator in %s', (expr, op) => {
    expect(parseGate(expr)).toEqual({ expr, metric: 'lost', label: 'lost', op, threshold: 1, thresholdText: '1' });
  });

  it.each(['drop_rate<0.01', '  drop_rate   <   0.01  ', 'drop_rate\t<\t0.01', 'drop_rate <0.01', 'drop_rate< 0.01'])('tolerates whitespace: %j', (expr) => {
    const gate = parseGate(expr);
    expect(gate).toEqual({
      expr: expr.trim(),
      metric: 'drop_rate',
      label: 'drop_rate',
      op: '<',
      threshold: 0.01,
      thresholdText: '0.01',
    });
  });

  it.each([
    ['lost == 0', 0],
    ['attempts <= 5', 5],
    ['drop_rate < 1e-3', 0.001],
    ['drop_rate < .5', 0.5],
    ['achieved_rps >= 49.5', 49.5],
    ['cost_usd < 2.50', 2.5],
    ['lost > -1', -1],
  ])('reads the number in %s', (expr, threshold) => {
    expect(parseGate(expr).threshold).toBe(threshold);
  });

  it.each([
    ['drop_rate < 1%', 0.01],
    ['shed_rate <= 50%', 0.5],
    ['completion_rate >= 99.5 %', 0.995],
    ['drop_rate{priority=low} < 2%', 0.02],
    ['retry_amplification < 150%', 1.5],
  ])('reads a percentage on a ratio metric: %s', (expr, threshold) => {
    expect(parseGate(expr).threshold).toBeCloseTo(threshold, 12);
  });

  it.each([
    ['p99_latency < 250ms', 250],
    ['p99_latency < 2s', 2000],
    ['p99_latency < 1.5s', 1500],
    ['max_latency < 1m', 60_000],
    ['drain_time <= 1h', 3_600_000],
    ['admission_p99 < 250 ms', 250],
    ['mean_latency < 0.3s', 300],
    ['p99_latency > 0', 0],
  ])('reads a duration on an ms metric as milliseconds: %s', (expr, threshold) => {
    expect(parseGate(expr).threshold).toBe(threshold);
  });

  it.each([
    ['lost{priority=critical} == 0', 'critical', 'lost'],
    ['completed{priority=low} > 100', 'low', 'completed'],
    ['drop_rate{ priority = normal } < 0.05', 'normal', 'drop_rate'],
    ['shed_rate {priority="high"} < 10%', 'high', 'shed_rate'],
  ])('reads a priority label: %s', (expr, priority, metric) => {
    const gate = parseGate(expr);
    expect(gate.priority).toBe(priority);
    expect(gate.metric).toBe(metric);
    expect(gate.label).toBe(`${metric}{priority=${priority}}`);
  });
});

describe('parseGate: invalid forms', () => {
  it.each(['lost =< 0', 'lost = 0', 'lost 0', 'lost', '< 0', '1lost < 0', 'lost => 0'])('names the expression and the expected syntax: %j', (expr) => {
    expect(errorOf(expr).message).toBe(`Invalid gate \`${expr}\`: ${SYNTAX}`);
  });

  it('says when the expression is empty', () => {
    expect(errorOf('   ').message).toBe(`Invalid gate \`   \`: the expression is empty; ${SYNTAX}`);
  });

  it.each([
    ['lost < abc', 'abc'],
    ['lost <== 0', '= 0'],
    ['lost < 0 1', '0 1'],
    ['p99_latency < 2 sec', '2 sec'],
  ])('rejects the value in %s', (expr, value) => {
    expect(errorOf(expr).message).toBe(
      `Invalid value \`${value}\` in gate \`${expr}\`: expected a number (0.01, 5, 1e-3), a percentage (1%) or a duration (250ms, 2s, 1m)`,
    );
  });

  it('refuses a bare number on a duration metric, with the fix', () => {
    expect(errorOf('p99_latency < 300').message).toBe(
      'Invalid value `300` in gate `p99_latency < 300`: `p99_latency` is a duration and takes a unit: write 300ms or 300s',
    );
  });

  it('rejects a duration on a count metric', () => {
    expect(errorOf('lost < 2s').message).toBe('Invalid value `2s` in gate `lost < 2s`: `lost` is a count, not a duration');
  });

  it('rejects a duration on a ratio metric', () => {
    expect(errorOf('drop_rate < 5ms').message).toBe('Invalid value `5ms` in gate `drop_rate < 5ms`: `drop_rate` is a ratio, not a duration');
  });

  it('rejects a percentage on a non-ratio metric', () => {
    expect(errorOf('lost{priority=low} < 1%').message).toBe(
      'Invalid value `1%` in gate `lost{priority=low} < 1%`: a percentage fits only ratio metrics, and `lost{priority=low}` is a count',
    );
    expect(errorOf('p99_latency < 5%').message).toBe(
      'Invalid value `5%` in gate `p99_latency < 5%`: a percentage fits only ratio metrics, and `p99_latency` is a duration',
    );
    expect(errorOf('achieved_rps > 90%').message).toBe(
      'Invalid value `90%` in gate `achieved_rps > 90%`: a percentage fits only ratio metrics, and `achieved_rps` is a rate in requests per second',
    );
  });

  it('suggests the closest metric for an unknown one', () => {
    expect(errorOf('drop_rat < 0.01').message).toBe('Unknown metric `drop_rat` in gate `drop_rat < 0.01`; did you mean `drop_rate`?');
  });

  it('rejects an unknown priority', () => {
    expect(errorOf('lost{priority=urgent} == 0').message).toBe(
      'Unknown priority `urgent` in gate `lost{priority=urgent} == 0`: expected one of critical, high, normal, low',
    );
  });

  it('rejects a label other than priority', () => {
    expect(errorOf('lost{team=infra} == 0').message).toBe(
      'Unknown label `team` in gate `lost{team=infra} == 0`: only `priority` is supported, as in `{priority=critical}`',
    );
  });

  it('rejects a malformed label', () => {
    expect(errorOf('lost{critical} == 0').message).toBe(
      'Invalid label `{critical}` in gate `lost{critical} == 0`: expected `{priority=<p>}` with p one of critical, high, normal, low',
    );
  });

  it('rejects a priority label on a metric without a per-priority value', () => {
    expect(errorOf('p99_latency{priority=low} < 2s').message).toBe(
      'Metric `p99_latency` in gate `p99_latency{priority=low} < 2s` has no per-priority value; per-priority metrics are: ' +
        'scheduled, completed, shed, rejected, failed, lost, not_sent, unfinished_at_stop, duplicates, attempts, ' +
        'drop_rate, shed_rate, reject_rate, fail_rate, completion_rate, retry_amplification',
    );
  });

  it('throws a ConfigError with the stable config code', () => {
    expect(errorOf('lost =< 0').code).toBe('GD_ERR_CONFIG');
  });
});
