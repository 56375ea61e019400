import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/**
 * No colour, and the default width whatever the shell exports (fish exports COLUMNS): output a
 * test reads is the same on every machine.
 */
const PLAIN = { NO_COLOR: '1', COLUMNS: undefined };

/** Runs the CLI in this process (fast; same code path as the binary minus process.exit). */
export function cli(...args: string[]): Promise<CliRun> {
  return cliWith({}, ...args);
}

/** cli() with more of the world: variables added to the environment, a stdin that answers questions. */
export async function cliWith(io: { env?: NodeJS.ProcessEnv; stdin?: NodeJS.ReadableStream & { isTTY?: boolean } }, ...args: string[]): Promise<CliRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  const env = { ...process.env, ...PLAIN, ...io.env };
  const code = await main(['node', 'gameday', ...args], { stdout, stderr, env, ...(io.stdin && { stdin: io.stdin }) });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const ROOT = new URL('../../', import.meta.url).pathname;

/** Runs the built binary in a child process, as a user or a CI job would. Needs `npm run build`. */
export function bin(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/gameday.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...PLAIN, ...env },
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

// Every temp folder of this test file lives under one root, removed when the worker exits.
const ROOT_TMP = mkdtempSync(join(tmpdir(), 'gameday-test-'));
process.on('exit', () => rmSync(ROOT_TMP, { recursive: true, force: true }));

/** Writes a scenario file to a fresh temp folder and returns its path. */
export function scenarioFile(text: string, name = 'scenario.yaml'): string {
  const dir = mkdtempSync(join(ROOT_TMP, 'scenario-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

export function tempDir(): string {
  return mkdtempSync(join(ROOT_TMP, 'out-'));
}
