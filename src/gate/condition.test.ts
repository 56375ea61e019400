import { describe, expect, it } from 'vitest';
import { checkCondition, parseCondition, parseConditions } from './condition.js';
import type { WindowStats } from './window-metrics.js';

const stats = (over: Partial<WindowStats> = {}): WindowStats => ({
  scheduled: 100,
  completed: 90,
  shed: 0,
  rejected: 0,
  failed: 2,
  lost: 8,
  pending: 0,
  attempts: 120,
  latency: { p50: 100, p90: 300, p99: 2500, max: 3000, mean: 150, count: 90 },
  cost_usd: 0.42,
  backend_calls: 95,
  ...over,
});

describe('abort conditions and steady-state expressions', () => {
  it('parse the gates language with an optional trailing window, in the metric unit', () => {
    expect(parseCondition('drop_rate[10s] > 5%', 'abort condition', true)).toEqual({
      expr: 'drop_rate[10s] > 5%',
      metric: 'drop_rate',
      windowMs: 10_000,
      op: '>',
      threshold: 0.05,
      thresholdText: '5%',
    });
    expect(parseCondition(' lost > 50 ', 'abort condition', true)).toMatchObject({ expr: 'lost > 50', metric: 'lost', threshold: 50 });
    expect(parseCondition('p99_latency[1m] >= 2s', 'abort condition', true)).toMatchObject({ windowMs: 60_000, threshold: 2000 });
  });

  it('refuse what they cannot judge, naming the closest metric', () => {
    expect(() => parseCondition('lsot > 5', 'abort condition', true)).toThrow('Unknown metric `lsot` in abort condition `lsot > 5`; did you mean `lost`?');
    expect(() => parseCondition('max_depth > 5', 'abort condition', true)).toThrow(/Unknown metric `max_depth`/);
    expect(() => parseCondition('drop_rate[10s] < 1%', 'steady-state expression', false)).toThrow(/the hypothesis has its own windows/);
    expect(() => parseCondition('backend_calls[5s] > 10', 'abort condition', true)).toThrow(/a total so far and takes no `\[window\]`/);
    expect(() => parseCondition('lost[500ms] > 1', 'abort condition', true)).toThrow(/at least 1s/);
    expect(() => parseCondition('p99_latency > 2', 'abort condition', true)).toThrow(/is a duration and takes a unit/);
    expect(() => parseConditions(['lost >', 'shed ? 1'], 'abort condition', true)).toThrow(/lost >[\s\S]*\n[\s\S]*shed \? 1/);
  });

  it('check against a window; no data never holds, so it neither aborts nor passes a hypothesis', () => {
    const c = (x: string) => parseCondition(x, 'abort condition', true);
    expect(checkCondition(c('drop_rate[10s] > 5%'), stats())).toEqual({
      expr: 'drop_rate[10s] > 5%',
      value: 0.08,
      holds: true,
      detail: 'drop_rate[10s] = 0.08, > 5%',
    });
    expect(checkCondition(c('p99_latency > 2s'), stats())).toMatchObject({ value: 2500, holds: true });
    expect(checkCondition(c('cost_usd > 0.5'), stats())).toMatchObject({ value: 0.42, holds: false });
    expect(checkCondition(c('retry_amplification >= 1.2'), stats())).toMatchObject({ value: 1.2, holds: true });
    expect(checkCondition(c('drop_rate > 5%'), stats({ scheduled: 0, lost: 0 }))).toMatchObject({ value: null, holds: false, detail: 'no data for drop_rate' });
    expect(checkCondition(c('cost_usd > 0'), stats({ cost_usd: null }))).toMatchObject({ value: null, holds: false });
  });
});
