import { describe, expect, it } from 'vitest';
import { loadBaseline, loadResult } from '../../test/fixtures/gate/load.js';
import { ConfigError, PRIORITIES, outcomeSum } from '../model/index.js';
import { resolveMetric } from './metric-ref.js';
import { METRIC_NAMES, METRICS, PRIORITY_METRIC_NAMES } from './metrics.js';

const full = loadResult('result-full');
const missing = loadResult('result-missing-priority');

function valueOf(name: string, priority?: (typeof PRIORITIES)[number], result = full): number | null {
  return resolveMetric(name, priority, 'test').get(result);
}

describe('fixtures', () => {
  it('reconcile: scheduled = sum of outcomes, overall and per priority', () => {
    for (const r of [full, missing, loadBaseline()]) {
      expect(outcomeSum(r.totals)).toBe(r.totals.scheduled);
      for (const t of Object.values(r.by_priority)) expect(outcomeSum(t)).toBe(t.scheduled);
    }
  });
});

describe('the metric catalogue', () => {
  it('names every metric', () => {
    expect(METRIC_NAMES).toEqual([
      'scheduled',
      'completed',
      'shed',
      'rejected',
      'failed',
      'lost',
      'not_sent',
      'unfinished_at_stop',
      'duplicates',
      'attempts',
      'drop_rate',
      'shed_rate',
      'reject_rate',
      'fail_rate',
      'completion_rate',
      'target_rps',
      'achieved_rps',
      'retry_amplification',
      'backend_calls_per_completed',
      'p50_latency',
      'p90_latency',
      'p99_latency',
      'max_latency',
      'mean_latency',
      'admission_p50',
      'admission_p99',
      'max_depth',
      'drain_time',
      'tokens_input',
      'tokens_output',
      'cost_usd',
      'recovery_drain_time',
      'latency_recovery_time',
      'queue_wait_p50',
      'queue_wait_p99',
      'backend_429',
      'backend_529',
    ]);
  });

  it('reads each metric from its result.json field', () => {
    const values = Object.fromEntries(METRIC_NAMES.map((n) => [n, METRICS[n].get(full)]));
    expect(values).toEqual({
      scheduled: 1000,
      completed: 880,
      shed: 90,
      rejected: 10,
      failed: 10,
      lost: 10,
      not_sent: 0, // absent from a run that ran its course: 0, never "no data"
      unfinished_at_stop: 0,
      duplicates: 2,
      attempts: 1150,
      drop_rate: 0.01,
      shed_rate: 0.09,
      reject_rate: 0.01,
      fail_rate: 0.01,
      completion_rate: 0.88,
      target_rps: 50,
      achieved_rps: 49.8,
      retry_amplification: 1.15,
      backend_calls_per_completed: 1.1,
      p50_latency: 120,
      p90_latency: 800,
      p99_latency: 1999,
      max_latency: 4200,
      mean_latency: 310,
      admission_p50: 2,
      admission_p99: 12,
      max_depth: 20,
      drain_time: 3200,
      tokens_input: 264000,
      tokens_output: 88000,
      cost_usd: 1.584,
      recovery_drain_time: 2400,
      latency_recovery_time: 3100,
      queue_wait_p50: 40,
      queue_wait_p99: 1500,
      backend_429: 12,
      backend_529: 3,
    });
  });

  it('gives each metric a unit', () => {
    const units = Object.fromEntries(METRIC_NAMES.map((n) => [n, METRICS[n].unit]));
    expect(units).toMatchObject({
      lost: 'count',
      drop_rate: 'ratio',
      retry_amplification: 'ratio',
      target_rps: 'rps',
      achieved_rps: 'rps',
      p99_latency: 'ms',
      admission_p50: 'ms',
      drain_time: 'ms',
      max_depth: 'count',
      tokens_input: 'count',
      cost_usd: 'usd',
    });
  });

  it('has no data for a queue that never drained', () => {
    expect(METRICS.drain_time.get(missing)).toBeNull();
  });

  it('treats a non-finite value (NaN written as null in JSON) as no data', () => {
    const r = loadResult('result-full');
    (r.rates as { backend_calls_per_completed: number | null }).backend_calls_per_completed = null;
    r.rates.retry_amplification = Number.NaN;
    expect(METRICS.backend_calls_per_completed.get(r)).toBeNull();
    expect(METRICS.retry_amplification.get(r)).toBeNull();
  });
});

describe('per-priority metrics', () => {
  it('exist for every totals field and the rates over scheduled', () => {
    expect(PRIORITY_METRIC_NAMES).toEqual([
      'scheduled',
      'completed',
      'shed',
      'rejected',
      'failed',
      'lost',
      'not_sent',
      'unfinished_at_stop',
      'duplicates',
      'attempts',
      'drop_rate',
      'shed_rate',
      'reject_rate',
      'fail_rate',
      'completion_rate',
      'retry_amplification',
    ]);
  });

  it("read that priority's totals", () => {
    expect(valueOf('lost', 'critical')).toBe(0);
    expect(valueOf('completed', 'low')).toBe(155);
    expect(valueOf('attempts', 'normal')).toBe(690);
    expect(valueOf('duplicates', 'normal')).toBe(2);
  });

  it('compute rates as outcome / scheduled of that priority', () => {
    expect(valueOf('drop_rate', 'low')).toBe(2 / 200);
    expect(valueOf('drop_rate', 'normal')).toBe(8 / 600);
    expect(valueOf('shed_rate', 'low')).toBe(37 / 200);
    expect(valueOf('completion_rate', 'high')).toBe(145 / 150);
    expect(valueOf('retry_amplification', 'critical')).toBe(52 / 50);
  });

  it('have no data for a priority absent from by_priority', () => {
    expect(valueOf('lost', 'critical', missing)).toBeNull();
    expect(valueOf('drop_rate', 'critical', missing)).toBeNull();
  });

  it('have counts but no rates for a priority with nothing scheduled', () => {
    expect(valueOf('lost', 'high', missing)).toBe(0);
    expect(valueOf('drop_rate', 'high', missing)).toBeNull();
  });
});

describe('resolveMetric', () => {
  function messageOf(name: string, priority?: (typeof PRIORITIES)[number]): string {
    try {
      resolveMetric(name, priority, 'gate `x`');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
    throw new Error('expected a ConfigError');
  }

  it.each([
    ['drop_rat', 'did you mean `drop_rate`?'],
    ['lsot', 'did you mean `lost`?'],
    ['Drop_Rate', 'did you mean `drop_rate`?'],
    ['p99_latncy', 'did you mean `p99_latency`?'],
    ['p99', 'did you mean `p99_latency`?'],
    ['shed_rates', 'did you mean `shed_rate`?'],
    ['fail', 'did you mean `failed` or `fail_rate`?'],
    ['drop', 'did you mean `drop_rate`?'],
    ['p9_latency', 'did you mean `p90_latency` or `p99_latency`?'],
    ['p_latency', 'did you mean `p50_latency`, `p90_latency` or `p99_latency`?'],
    ['throughput', 'valid metrics are: ' + METRIC_NAMES.join(', ')],
    ['latency', 'did you mean `latency_recovery_time`?'],
  ])('suggests for `%s`: %s', (name, hint) => {
    expect(messageOf(name)).toBe(`Unknown metric \`${name}\` in gate \`x\`; ${hint}`);
  });

  it('suggests among per-priority metrics when a priority is given', () => {
    expect(messageOf('drop_rat', 'low')).toBe('Unknown metric `drop_rat` in gate `x`; did you mean `drop_rate`?');
    expect(messageOf('zzz', 'low')).toBe('Unknown metric `zzz` in gate `x`; valid per-priority metrics are: ' + PRIORITY_METRIC_NAMES.join(', '));
  });

  it('does not resolve inherited object keys as metrics', () => {
    expect(messageOf('constructor')).toMatch(/^Unknown metric `constructor` in gate `x`; /);
    expect(messageOf('toString', 'low')).toMatch(/^Unknown metric `toString` in gate `x`; /);
  });
});
