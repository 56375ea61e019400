import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, readdirSync, rmdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../index.js';
import { QUEUE_FILES } from '../engine/queue/run-store.js';
import { declaredFiles } from '../report/index.js';
import { createNew, isTempName, makeDirs, tempName } from './write-files.js';

/** Files the CLI writes besides the reporters': a repeat's summary, a sweep's record and page. */
export const REPEAT_FILE = 'repeat.json';
export const SWEEP_FILES = { json: 'sweep.json', html: 'sweep.html' } as const;

/** The names a run, a comparison, a repeat or a sweep writes: finding one means the folder holds another run. */
const RUN_FILES = new Set([
  ...[...declaredFiles('run'), ...declaredFiles('compare')].map((name) => name.replace('<strategy>/', '')),
  REPEAT_FILE,
  ...Object.values(SWEEP_FILES),
  ...QUEUE_FILES,
]);

/**
 * Makes the folder a run writes into, before the run starts, so a bad --out costs nothing:
 * - no --out: a new folder, unique per run (milliseconds and a random suffix, created
 *   exclusively, so two runs started in the same millisecond still get two folders);
 * - --out holding another run's files: refused, unless --force, which empties it first;
 * - a folder that cannot be created or written (a path under a file, a read-only place): refused.
 */
export function prepareOutDir(out: string | undefined, opts: { scenario: string; suffix: string; force?: boolean }): OutDir {
  if (out === undefined) return outDir(createUniqueDir(opts.scenario, opts.suffix), true);
  const entries = existingEntries(out);
  const existed = existsSync(out);
  if (entries.length > 0 && holdsRunFiles(out, entries)) {
    if (!opts.force) {
      throw new ConfigError(
        `--out ${out}: the folder holds another run's files (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}); choose a new folder, or add --force to empty it first`,
        'GD_ERR_OUT',
      );
    }
    emptyRunFolder(out, entries);
  }
  ensureWritable(out);
  return outDir(out, !existed);
}

export interface OutDir {
  path: string;
  /** After a failure before anything was written: removes the folder if this run made it and it is still empty. */
  discardIfUnused(): void;
}

function outDir(path: string, created: boolean): OutDir {
  return {
    path,
    discardIfUnused() {
      if (!created) return;
      try {
        rmdirSync(path); // fails, as it should, on a folder that holds anything
      } catch {
        /* not empty or already gone: leave it */
      }
    },
  };
}

/** Runs `body` with the folder; a failure leaves no empty folder behind ("nothing half-written"). */
export async function withOutDir<T>(dir: OutDir, body: (path: string) => Promise<T>): Promise<T> {
  try {
    return await body(dir.path);
  } catch (e) {
    dir.discardIfUnused();
    throw e;
  }
}

/** reports/<yyyymmdd-hhmmss.mmm>-<random>-<scenario>-<strategy or compare> */
function createUniqueDir(scenario: string, suffix: string): string {
  const slug = (s: string) => s.replace(/[^a-zA-Z0-9._-]+/g, '-').replace(/^\.+/, '');
  mkdir('reports', true);
  for (let attempt = 0; ; attempt++) {
    const t = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').replace('Z', '');
    const dir = join('reports', `${t}-${randomBytes(3).toString('hex')}-${slug(scenario)}-${slug(suffix)}`);
    try {
      mkdirSync(dir); // not recursive: EEXIST means another run has it
      ensureWritable(dir);
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw outError(dir, e);
    }
  }
}

function existingEntries(dir: string): string[] {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw outError(dir, e);
  }
  if (!isDir) throw new ConfigError(`--out ${dir}: is a file, not a folder; choose a folder path`, 'GD_ERR_OUT');
  return readdirSync(dir).sort();
}

/** A run's own files, at the top or one level down (a comparison's <strategy>/result.json). */
function holdsRunFiles(dir: string, entries: string[]): boolean {
  return entries.some((name) => {
    if (RUN_FILES.has(name)) return true;
    const sub = join(dir, name);
    try {
      return statSync(sub).isDirectory() && readdirSync(sub).some((n) => RUN_FILES.has(n));
    } catch {
      return false;
    }
  });
}

/**
 * --force: removes what is in the folder, but only when everything in it is a run's output, so a
 * mistyped --out (a home directory, a source tree) is refused rather than emptied.
 */
function emptyRunFolder(dir: string, entries: string[]): void {
  const foreign = entries.filter((name) => !isRunOutput(join(dir, name), name));
  if (foreign.length > 0) {
    throw new ConfigError(
      `--out ${dir}: --force empties only a folder of gameday results, and this one also holds ${foreign.slice(0, 3).join(', ')}; choose another folder`,
      'GD_ERR_OUT',
    );
  }
  for (const name of entries) rmSync(join(dir, name), { recursive: true, force: true });
}

function isRunOutput(path: string, name: string): boolean {
  if (RUN_FILES.has(name) || isTempName(name)) return true;
  try {
    return statSync(path).isDirectory() && readdirSync(path).every((n) => RUN_FILES.has(n) || isTempName(n));
  } catch {
    return false;
  }
}

/**
 * Creates the folder and proves a file can be written in it, before any traffic is sent. The probe
 * is a new file under a random name, like every temporary file: a link planted at a name known in
 * advance would have been followed (and its target emptied).
 */
function ensureWritable(dir: string): void {
  mkdir(dir, true);
  const probe = join(dir, tempName('.gameday-write-check'));
  try {
    closeSync(createNew(probe));
    unlinkSync(probe);
  } catch (e) {
    throw outError(dir, e);
  }
}

function mkdir(dir: string, recursive: boolean): void {
  try {
    if (recursive) makeDirs(dir);
    else mkdirSync(dir);
  } catch (e) {
    throw outError(dir, e);
  }
}

function outError(dir: string, e: unknown): ConfigError {
  const code = (e as NodeJS.ErrnoException).code ?? String(e);
  const why = code === 'ENOTDIR' ? 'a part of the path is a file' : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'not writable' : code;
  return new ConfigError(`--out ${dir}: cannot write there (${why}); choose a writable folder`, 'GD_ERR_OUT');
}
