import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { combineVerdicts, ConfigError, renderReports, verdictOf, type CompareResult, type RunResult } from '../index.js';
import { insideFolder, writeFilesAtomically } from './write-files.js';

/** The files of one run: result.json (the source of truth) and every format rendered from it (see report/reporters.ts). */
export function runFiles(r: RunResult, opts: { records?: boolean } = {}): Record<string, string> {
  return renderReports({ kind: 'run', results: [r], verdict: verdictOf(r) }, opts);
}

/** A comparison: one result.json per strategy in its own folder, compare.json listing them, and the combined renders. */
export function compareFiles(
  results: RunResult[],
  verdict = combineVerdicts(results),
  notRun: string[] = [],
  opts: { records?: boolean } = {},
): Record<string, string> {
  return renderReports({ kind: 'compare', results, verdict, notRun }, opts);
}

export function writeRun(dir: string, r: RunResult): string[] {
  return writeFilesAtomically(dir, runFiles(r));
}

/**
 * Reads result.json or compare.json (with the results it lists). A compare.json entry that leads
 * outside its folder is refused: the file decides nothing about where gameday reads.
 */
export function readResults(path: string): { kind: 'run' | 'compare'; results: RunResult[]; compare?: CompareResult } {
  const doc = readJson(path) as Partial<RunResult & CompareResult>;
  if (Array.isArray(doc.results) && Array.isArray(doc.strategies)) {
    const results = doc.results.map((p) => {
      if (typeof p !== 'string') throw new ConfigError(`${path}: \`results\` must list result.json paths, got ${JSON.stringify(p)}`, 'GD_ERR_RESULT');
      const file = insideFolder(dirname(path), p);
      const r = readJson(file);
      assertRunResult(r, file);
      return r as RunResult;
    });
    return { kind: 'compare', results, compare: doc as CompareResult };
  }
  if (!doc.totals || !doc.scenario) throw new ConfigError(`${path}: not a gameday result.json or compare.json (no \`totals\`/\`results\`)`, 'GD_ERR_RESULT');
  assertRunResult(doc, path);
  return { kind: 'run', results: [doc as RunResult] };
}

/** The fields every renderer relies on: a truncated or hand-edited file is bad input, named, not a crash. */
const REQUIRED: [string, (v: unknown) => boolean][] = [
  ['scenario', (v) => typeof v === 'string'],
  ['strategy', (v) => typeof v === 'string'],
  ['mode', (v) => v === 'live' || v === 'sim'],
  ...['scheduled', 'completed', 'shed', 'rejected', 'failed', 'lost', 'duplicates', 'attempts'].map(
    (k) => [`totals.${k}`, (v: unknown) => typeof v === 'number'] as [string, (v: unknown) => boolean],
  ),
  ['rates', isObject],
  ['latency_ms', isObject],
  ['admission_latency_ms', isObject],
  ['queue', isObject],
  ['by_priority', isObject],
  ['tokens', isObject],
  ['backend_calls', isObject],
  ['timeline', Array.isArray],
  ['gates', Array.isArray],
  ['crashes', Array.isArray],
];

function isObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function assertRunResult(doc: unknown, path: string): void {
  for (const [field, ok] of REQUIRED) {
    const value = field.split('.').reduce<unknown>((o, k) => (isObject(o) ? (o as Record<string, unknown>)[k] : undefined), doc);
    if (!ok(value)) throw new ConfigError(`${path}: not a complete gameday result: \`${field}\` is missing or malformed`, 'GD_ERR_RESULT');
  }
}

export function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code}`, 'GD_ERR_READ');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${path}: not valid JSON (${(e as Error).message})`, 'GD_ERR_READ');
  }
}

export function displayPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith('..') ? rel : p;
}
