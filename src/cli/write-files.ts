import { appendFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { ConfigError } from '../index.js';

/**
 * The only code that writes report files. Each file goes to a temporary name first and is
 * renamed into place, so a reader (or a crash) never sees half a file.
 */
export function writeFilesAtomically(dir: string, files: Record<string, string>): string[] {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new ConfigError(`--out ${dir}: cannot create the folder (${(e as NodeJS.ErrnoException).code})`, 'GD_ERR_OUT');
  }
  const written: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const path = insideFolder(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
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
