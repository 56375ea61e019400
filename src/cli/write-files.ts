import { appendFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
    const path = join(dir, name);
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

/** reports/<yyyymmdd-hhmmss>-<scenario>[-<strategy>] */
export function defaultOutDir(scenario: string, suffix?: string): string {
  const t = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const slug = (s: string) => s.replace(/[^a-zA-Z0-9._-]+/g, '-');
  return join('reports', `${t}-${slug(scenario)}${suffix ? `-${slug(suffix)}` : ''}`);
}
