import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  constants,
  lstatSync,
  mkdirSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ConfigError } from '../index.js';

/** How a temporary file is named beside its target: `<name>.tmp-<random hex>`. */
export const tempName = (name: string): string => `${name}.tmp-${randomBytes(8).toString('hex')}`;

/** A temporary file some write left behind (an older gameday named them `.tmp-<pid>`: digits, also hex). */
export const isTempName = (name: string): boolean => /\.tmp-[0-9a-f]+$/.test(name);

/**
 * Created new or not at all: O_EXCL fails on anything already at the name, a symbolic link
 * included, so a link planted where a temporary file goes is never followed (O_NOFOLLOW says so
 * twice where the platform has it).
 */
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/** Opens a new file at `path` for writing; throws EEXIST (or ELOOP) when anything is there. */
export function createNew(path: string): number {
  return openSync(path, CREATE_NEW, 0o666);
}

/**
 * The only code that writes report files. Each file goes to a new temporary file in its folder
 * first and is renamed into place, so a reader (or a crash) never sees half a file. Every path is
 * checked against the real folder: a symbolic link in it that leads outside is refused, and a
 * link at a file's own name is replaced by the rename, never written through.
 */
export function writeFilesAtomically(dir: string, files: Record<string, string>, opts: { tempName?: (name: string) => string } = {}): string[] {
  try {
    makeDirs(dir);
  } catch (e) {
    throw new ConfigError(`--out ${dir}: cannot create the folder (${(e as NodeJS.ErrnoException).code})`, 'GD_ERR_OUT');
  }
  // Every path is checked before the first file is written: a refusal leaves the folder as it was.
  const targets = Object.entries(files).map(([name, text]) => ({ ...resolveInside(dir, name, { followLast: false }), text }));
  for (const { path, real, text } of targets) {
    makeDirs(dirname(real));
    // The folders just made are checked too: nothing may have put a link in their place meanwhile.
    if (!within(realpathSync(dir), realpathSync(dirname(real)))) throw outsideError(dirname(path), dir);
    replaceFile(real, text, path, opts.tempName ?? tempName);
  }
  return targets.map((t) => t.path);
}

/** Writes a new temporary file beside `target` and renames it over `target`; the temporary file never outlives a failure. */
function replaceFile(target: string, text: string, shown: string, name: (base: string) => string): void {
  for (let attempt = 1; ; attempt++) {
    const tmp = join(dirname(target), name(basename(target)));
    let fd: number;
    try {
      fd = createNew(tmp);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST' && code !== 'ELOOP') throw e;
      // Random names do not collide by chance: something keeps putting files where they go.
      if (attempt >= 5) throw new ConfigError(`cannot write ${shown}: every temporary name tried in its folder was taken (${code})`, 'GD_ERR_OUT');
      continue;
    }
    try {
      try {
        writeFileSync(fd, text);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, target);
    } catch (e) {
      try {
        unlinkSync(tmp);
      } catch {
        /* already gone */
      }
      throw e;
    }
    return;
  }
}

/** On GitHub Actions, the Markdown summary also goes to the job's summary page. */
export function appendStepSummary(env: NodeJS.ProcessEnv, markdown: string): void {
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
}

/**
 * `dir/name`, refusing a name that leads outside `dir` (`../x`, an absolute path): a strategy
 * name or a compare.json entry never decides where a file lands. This looks at the name only;
 * resolveInside also follows what is on disk.
 */
export function insideFolder(dir: string, name: string): string {
  const path = join(dir, name);
  const rel = relative(dir, path);
  if (isAbsolute(name) || rel === '' || rel === '..' || rel.startsWith('../') || isAbsolute(rel)) {
    throw new ConfigError(`${JSON.stringify(name)} leads outside the folder ${dir}; gameday reads and writes only inside it`, 'GD_ERR_PATH');
  }
  return path;
}

/**
 * `dir/name` as insideFolder gives it (`path`, for messages), and where it really is (`real`):
 * each part that exists is followed from the real path of `dir`, and a symbolic link that leads
 * outside it is refused, so a link planted in a results folder (`drop -> /elsewhere`) cannot make
 * gameday read or overwrite another folder's files. `followLast: false` (a file about to be
 * replaced) keeps a link at the name itself: the rename replaces the link, not what it points to;
 * one leading outside is refused all the same, since someone put it there for a reason.
 */
export function resolveInside(dir: string, name: string, opts: { followLast: boolean }): { path: string; real: string } {
  const path = insideFolder(dir, name);
  let root: string;
  try {
    root = realpathSync(dir);
  } catch {
    return { path, real: path }; // no folder (yet): nothing in it can lead anywhere
  }
  const parts = relative(dir, path).split(sep);
  let real = root;
  for (let i = 0; i < parts.length; i++) {
    const next = join(real, parts[i]);
    const shown = join(dir, ...parts.slice(0, i + 1));
    const last = i === parts.length - 1;
    let isLink: boolean;
    try {
      isLink = lstatSync(next).isSymbolicLink();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { path, real: join(next, ...parts.slice(i + 1)) };
      throw e;
    }
    if (!isLink) {
      real = next;
      continue;
    }
    const target = linkTarget(next);
    if (!within(root, target.path)) throw outsideError(shown, dir);
    // A folder on the way must be there: making one through a dangling link could make it anywhere.
    if (!last && !target.exists) throw new ConfigError(`${shown}: is a symbolic link to nothing; gameday reads and writes only inside ${dir}`, 'GD_ERR_PATH');
    real = last && !opts.followLast ? next : target.path;
  }
  return { path, real };
}

/** Where a link leads: its real path, or, for a dangling one, the path it names. */
function linkTarget(link: string): { path: string; exists: boolean } {
  try {
    return { path: realpathSync(link), exists: true };
  } catch {
    return { path: resolve(dirname(link), readlinkSync(link)), exists: false };
  }
}

function within(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

function outsideError(shown: string, dir: string): ConfigError {
  return new ConfigError(`${shown}: is a symbolic link leading outside ${dir}; gameday reads and writes only inside it`, 'GD_ERR_PATH');
}

export /**
 * mkdir -p, one level at a time. Node's own `{ recursive: true }` never returns on a path under
 * /proc (the kernel answers ENOENT for a parent that exists, and it retries for ever).
 */
function makeDirs(dir: string): void {
  try {
    mkdirSync(dir);
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && statSync(dir).isDirectory()) return;
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw e;
  }
  makeDirs(dirname(dir));
  mkdirSync(dir); // a second ENOENT (the parent exists now) is final
}
