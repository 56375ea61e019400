import type { CompareResult, RunResult } from '../../model/index.js';
import { perStrategy, type Reporter } from './reporter.js';

const json = (doc: unknown) => `${JSON.stringify(doc, null, 2)}\n`;

/** The record of a run (result.json), or of a comparison (compare.json listing each strategy's result.json). */
export const resultJson = {
  format: 'json',
  record: true,
  files: { run: ['result.json'], compare: ['compare.json', '<strategy>/result.json'] },
  render({ kind, results, verdict, notRun }): Record<string, string> {
    if (kind === 'run') return { 'result.json': json(results[0]) };
    const first = results[0];
    const compare: CompareResult = {
      version: 1,
      scenario: first.scenario,
      mode: first.mode,
      seed: first.seed,
      strategies: results.map((r) => r.strategy),
      results: results.map((r) => `${r.strategy}/result.json`),
      verdict,
      ...(notRun?.length ? { not_run: notRun } : {}),
    };
    return { 'compare.json': json(compare), ...perStrategy(results, 'result.json', (r: RunResult) => json(r)) };
  },
} satisfies Reporter;
