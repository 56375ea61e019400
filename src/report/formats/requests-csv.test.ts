import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../model/index.js';
import { requestsCsv } from './requests-csv.js';

const base = JSON.parse(readFileSync(new URL('../../../test/fixtures/report/result.json', import.meta.url), 'utf8')) as RunResult;
const rows = {
  id: ['r-1', 'r,2'],
  priority: ['high', 'low'],
  intended_ms: [0, 12.5],
  outcome: ['completed', 'lost'],
  attempts: [1, 3],
  latency_ms: [40.2, null],
  answer: ['accepted', 'say "hi"'],
};

describe('requests.csv', () => {
  it('one line per request, in order; an empty cell for no latency; fields quoted per RFC 4180', () => {
    const files = requestsCsv.render({ kind: 'run', results: [{ ...base, requests: rows }], verdict: { status: 'pass', reasons: [] } as never });
    expect(files['requests.csv']).toBe(
      'id,priority,intended_ms,outcome,attempts,latency_ms,answer\nr-1,high,0,completed,1,40.2,accepted\n"r,2",low,12.5,lost,3,,"say ""hi"""\n',
    );
  });

  it('a result without its requests section gets no file', () => {
    expect(requestsCsv.render({ kind: 'run', results: [base], verdict: { status: 'pass', reasons: [] } as never })).toEqual({});
  });
});
