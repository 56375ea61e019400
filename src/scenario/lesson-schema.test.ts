import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseScenario } from '../index.js';
import { lessonFlags } from './lesson-schema.js';

const minimal = {
  name: 'lessons',
  traffic: { phases: [{ duration: '1s', rate: 1 }] },
  service: { strategy: 'reject-429', capacity: 2, workers: 1 },
  gates: ['lost == 0'],
};
const baseline = { expect: 'pass', why: 'nothing is lost' };
const load = (lessons: unknown[]) => parseScenario(stringify({ ...minimal, lessons }), 'lessons.yaml');
const problem = (lessons: unknown[]): string => {
  try {
    load(lessons);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the scenario to be refused');
};

describe('lessons', () => {
  it('takes the scenario as written and its variants, and a run needs none', () => {
    const s = load([baseline, { strategy: 'drop', set: ['service.capacity=1'], expect: 'fail', why: 'drop loses what does not fit' }]);
    expect(s.lessons).toEqual([
      { ...baseline, set: [], mode: 'sim' },
      { strategy: 'drop', set: ['service.capacity=1'], expect: 'fail', why: 'drop loses what does not fit', mode: 'sim' },
    ]);
    expect(parseScenario(stringify(minimal), 'lessons.yaml').lessons).toBeUndefined();
  });

  it('says which run a lesson is, as the flags that make it', () => {
    expect(lessonFlags({ set: [] })).toBe('as written');
    expect(lessonFlags({ strategy: 'drop', set: ['client.retry.budget=0.2'] })).toBe('--strategy drop --set client.retry.budget=0.2');
  });

  it('refuses lessons with no baseline, or two lessons of one run', () => {
    expect(problem([{ set: ['service.capacity=1'], expect: 'fail', why: 'x' }])).toMatch(/lessons: Expected one lesson with no `set` and no `strategy`/);
    expect(problem([baseline, { ...baseline, expect: 'fail' }])).toMatch(/lessons\[1\]: the same run as lessons\[0\] \(as written\)/);
  });

  it('refuses, at its line, an override --set would refuse and a strategy that does not exist', () => {
    expect(problem([baseline, { set: ['service.capacity'], expect: 'fail', why: 'x' }])).toMatch(/lessons\[1\]\.set\[0\]: Expected `path=value`/);
    expect(problem([baseline, { set: ['service..capacity=1'], expect: 'fail', why: 'x' }])).toMatch(
      /^lessons\.yaml:\d+: lessons\[1\]\.set\[0\]: --set .*not a field path/,
    );
    expect(problem([baseline, { strategy: 'rejekt-429', expect: 'fail', why: 'x' }])).toMatch(
      /lessons\[1\]\.strategy: unknown strategy "rejekt-429"; expected one of: .*reject-429/,
    );
    expect(problem([{ ...baseline, expect: 'passes' }])).toMatch(/lessons\[0\]\.expect: expected one of "pass"\|"fail"\|"aborted"/);
  });
});
