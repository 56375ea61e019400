import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The simulation engine before the current one, kept runnable for the sim row's reference: the
 * last commit of sim_engine 1 (the service's async code resumed through promise chains), built
 * from this clone's history into a folder of its own. Both engines are measured compiled, as the
 * `gameday` binary runs.
 */
export const PREVIOUS_ENGINE = { version: 1, commit: '235c3baf273df8ce4b32afb3de6885d1e66211a1' } as const;

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** A module of this checkout's compiled code (`npm run bench` builds it first). */
export const COMPILED = (path: string) => join(ROOT, 'dist', path);

/** Where the current engine's compiled entry point is. */
export const CURRENT_ENGINE_MODULE = COMPILED('index.js');

/**
 * Builds the previous engine and returns its compiled entry point and a cleanup, or the reason it
 * cannot (a shallow clone without that commit).
 */
export function buildPreviousEngine(): { module: string; cleanup: () => void } | { missing: string } {
  const git = (...args: string[]) => execFileSync('git', ['-C', ROOT, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    git('cat-file', '-e', `${PREVIOUS_ENGINE.commit}^{commit}`);
  } catch {
    return { missing: `this clone lacks commit ${PREVIOUS_ENGINE.commit.slice(0, 7)} (a shallow clone?): git fetch --unshallow, then bench again` };
  }
  const dir = mkdtempSync(join(tmpdir(), 'gameday-engine-1-'));
  const archive = execFileSync('git', ['-C', ROOT, 'archive', PREVIOUS_ENGINE.commit, 'src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'], {
    maxBuffer: 1 << 28,
  });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.build.json')], { stdio: 'ignore' });
  const module = join(dir, 'dist/index.js');
  if (!existsSync(module)) throw new Error(`building the previous engine gave no ${module}`);
  return { module, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
