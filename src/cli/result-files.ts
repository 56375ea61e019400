import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { combineVerdicts, ConfigError, renderReports, verdictOf, type CompareResult, type RunResult } from '../index.js';
import { resolveInside, writeFilesAtomically } from './write-files.js';

/** The files of one run: result.json (the source of truth) and every format rendered from it (see report/formats/registry.ts). */
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
 * outside its folder, by its name or through a symbolic link on the way, is refused: the file
 * decides nothing about where gameday reads.
 */
export function readResults(path: string): { kind: 'run' | 'compare'; results: RunResult[]; compare?: CompareResult } {
  const doc = readJson(path) as Partial<RunResult & CompareResult>;
  if (Array.isArray(doc.results) && Array.isArray(doc.strategies)) {
    const results = doc.results.map((p) => {
      if (typeof p !== 'string') throw new ConfigError(`${path}: \`results\` must list result.json paths, got ${JSON.stringify(p)}`, 'GD_ERR_RESULT');
      const { path: file, real } = resolveInside(dirname(path), p, { followLast: true });
      const r = readJson(real, file);
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

/** Parses a JSON file; `shown` is how messages name it (`path` may be its real path). */
export function readJson(path: string, shown = path): unknown {
  let text: string;
  try {
    text = readRegularFile(path, shown);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(`cannot read ${shown}: ${(e as NodeJS.ErrnoException).code}`, 'GD_ERR_READ');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${shown}: not valid JSON (${(e as Error).message})`, 'GD_ERR_READ');
  }
}

/** Only a regular file is read: a FIFO would block for ever, so it is opened without blocking and looked at first. */
function readRegularFile(path: string, shown: string): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFile()) throw new ConfigError(`cannot read ${shown}: not a regular file`, 'GD_ERR_READ');
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

export function displayPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith('..') ? rel : p;
}
