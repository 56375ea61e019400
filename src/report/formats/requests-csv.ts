import type { RequestRows, RunResult } from '../../model/index.js';
import { perStrategy, type Reporter } from './reporter.js';

const COLUMNS = ['id', 'priority', 'intended_ms', 'outcome', 'attempts', 'latency_ms', 'answer'] as const satisfies readonly (keyof RequestRows)[];

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
const field = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

function csv(rows: RequestRows): string {
  const lines = [COLUMNS.join(',')];
  for (let i = 0; i < rows.id.length; i++) lines.push(COLUMNS.map((c) => field(rows[c][i])).join(','));
  return `${lines.join('\n')}\n`;
}

/**
 * requests.csv: one line per request (id, priority, intended time, outcome, attempts, latency,
 * answer), from result.json's `requests` section; a result without it (not run with
 * `--requests`) gets no file.
 */
export const requestsCsv = {
  format: 'requests-csv',
  files: { run: ['requests.csv'], compare: ['<strategy>/requests.csv'] },
  render: ({ kind, results }): Record<string, string> => {
    const rendered = (r: RunResult) => (r.requests ? csv(r.requests) : undefined);
    if (kind === 'compare') return perStrategy(results, 'requests.csv', rendered);
    const text = rendered(results[0]);
    return text === undefined ? {} : { 'requests.csv': text };
  },
} satisfies Reporter;
