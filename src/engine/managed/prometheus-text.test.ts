import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from './prometheus-text.js';

describe('the Prometheus text format, read strictly', () => {
  it('reads samples, skips HELP/TYPE/comments, and sums the series of one name over its labels', () => {
    const text = [
      '# HELP jobs_done_total Jobs finished.',
      '# TYPE jobs_done_total counter',
      'jobs_done_total{worker="a"} 12',
      'jobs_done_total{worker="b",zone="x\\"y"} 30 1700000000000',
      '',
      'queue_depth 4.5e1',
      'up{} +Inf',
      'nothing_yet NaN',
    ].join('\n');
    const m = parsePrometheusText(text);
    expect(m.get('jobs_done_total')).toBe(42);
    expect(m.get('queue_depth')).toBe(45);
    expect(m.get('up')).toBe(Infinity);
    expect(m.get('nothing_yet')).toBeNaN();
    expect(m.has('missing')).toBe(false);
  });

  it('refuses a line it cannot read, naming the line, rather than dropping a counter', () => {
    expect(() => parsePrometheusText('ok 1\njobs_total{worker=a} 3')).toThrow('line 2 is not a Prometheus sample: jobs_total{worker=a} 3');
    expect(() => parsePrometheusText('jobs_total')).toThrow('line 1');
    expect(() => parsePrometheusText('jobs_total twelve')).toThrow('line 1');
    expect(() => parsePrometheusText('jobs_total{a="1" 3')).toThrow('line 1');
    expect(() => parsePrometheusText('<html>')).toThrow('line 1');
  });
});
