import type { RunResult, Verdict } from '../../model/index.js';

/** What a reporter renders from: the results alone (a run is a list of one), and the verdict written with them. */
export interface ReportInput {
  /** 'run': one result; 'compare': one per strategy, in the comparison's order. */
  kind: 'run' | 'compare';
  results: RunResult[];
  verdict: Verdict;
  /** Strategies an interrupt kept from running (comparisons). */
  notRun?: string[];
}

/**
 * One output format. It declares the files it writes (names inside the output folder; `<strategy>/`
 * stands for one folder per strategy of a comparison) and renders them from the results alone, so
 * `gameday report` can write every format again from result.json. Pure: the CLI writes the files.
 */
export interface Reporter {
  /** The format's name (kebab-case). */
  format: string;
  /** The files a run and a comparison get (a format may write none for one of them). */
  files: { run: readonly string[]; compare: readonly string[] };
  /** The run's record rather than a rendering of it (result.json, compare.json): `report` re-renders from it and leaves it alone. */
  record?: boolean;
  /** The files, by name. A name it declares may be left out when the results hold nothing for it. */
  render(input: ReportInput): Record<string, string>;
}

/** `<strategy>/name` for each result of a comparison. */
export function perStrategy(results: RunResult[], name: string, render: (r: RunResult) => string | undefined): Record<string, string> {
  const files: Record<string, string> = {};
  for (const r of results) {
    const text = render(r);
    if (text !== undefined) files[`${r.strategy}/${name}`] = text;
  }
  return files;
}
