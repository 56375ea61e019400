import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { combineVerdicts, verdictOf, type CompareResult, type RunResult } from '../../model/index.js';
import { REPORTERS, renderReports } from './registry.js';
import type { ReportInput } from './reporter.js';

const fixtures = new URL('../../../test/fixtures/report/', import.meta.url);
const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8')) as T;
const compareResults = (): RunResult[] => read<CompareResult>('compare/compare.json').results.map((f) => read<RunResult>(`compare/${f}`));
const runResult = (): RunResult => read<RunResult>('result.json');

/** The names a reporter declares, with `<strategy>/` spelled out for these results. */
const declared = (names: readonly string[], results: RunResult[]) =>
  names.flatMap((n) => (n.startsWith('<strategy>/') ? results.map((r) => `${r.strategy}/${n.slice('<strategy>/'.length)}`) : [n]));

describe('reporters', () => {
  const run: ReportInput = { kind: 'run', results: [runResult()], verdict: verdictOf(runResult()) };
  const compare: ReportInput = { kind: 'compare', results: compareResults(), verdict: combineVerdicts(compareResults()) };

  for (const reporter of REPORTERS) {
    it(`${reporter.format} writes only the files it declares, and renders the same from the same result`, () => {
      for (const [input, names] of [
        [run, reporter.files.run],
        [compare, reporter.files.compare],
      ] as const) {
        const files = reporter.render(input);
        const allowed = declared(names, input.results);
        expect(
          Object.keys(files).every((f) => allowed.includes(f)),
          `${Object.keys(files).join(', ')} vs ${allowed.join(', ')}`,
        ).toBe(true);
        expect(reporter.render(input)).toEqual(files);
      }
    });
  }

  it('formats are unique, and no two write the same file', () => {
    expect(new Set(REPORTERS.map((r) => r.format)).size).toBe(REPORTERS.length);
    const names = REPORTERS.flatMap((r) => r.files.run);
    expect(new Set(names).size).toBe(names.length);
  });

  it('a run gets its record and every rendering; without records, the renderings alone', () => {
    expect(Object.keys(renderReports(run))).toEqual(['result.json', 'summary.md', 'report.html', 'junit.xml']);
    expect(Object.keys(renderReports(run, { records: false }))).toEqual(['summary.md', 'report.html', 'junit.xml']);
    expect(JSON.parse(renderReports(run)['result.json'])).toEqual(runResult());
  });

  it('a comparison lists each strategy’s result.json in compare.json, and writes them', () => {
    const files = renderReports(compare);
    const doc = JSON.parse(files['compare.json']) as CompareResult;
    expect(doc.results).toEqual(compare.results.map((r) => `${r.strategy}/result.json`));
    for (const path of doc.results) expect(files[path]).toBeDefined();
  });
});
