import { appendFileSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { ConfigError } from '../index.js';

/**
 * The only code that writes report files. Each file goes to a temporary name first and is
 * renamed into place, so a reader (or a crash) never sees half a file.
 */
export function writeFilesAtomically(dir: string, files: Record<string, string>): string[] {
  try {
    makeDirs(dir);
  } catch (e) {
    throw new ConfigError(`--out ${dir}: cannot create the folder (${(e as NodeJS.ErrnoException).code})`, 'GD_ERR_OUT');
  }
  const written: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const path = insideFolder(dir, name);
    makeDirs(dirname(path));
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, text);
    renameSync(tmp, path);
    written.push(path);
  }
  return written;
}

/** On GitHub Actions, the Markdown summary also goes to the job's summary page. */
export function appendStepSummary(env: NodeJS.ProcessEnv, markdown: string): void {
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
}

/**
 * `dir/name`, refusing a name that leads outside `dir` (`../x`, an absolute path): a strategy
 * name or a compare.json entry never decides where a file lands.
 */
export function insideFolder(dir: string, name: string): string {
  const path = join(dir, name);
  const rel = relative(dir, path);
  if (isAbsolute(name) || rel === '' || rel === '..' || rel.startsWith('../') || isAbsolute(rel)) {
    throw new ConfigError(`${JSON.stringify(name)} leads outside the folder ${dir}; gameday reads and writes only inside it`, 'GD_ERR_PATH');
  }
  return path;
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
