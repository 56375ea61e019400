import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, scenarioFile, tempDir } from '../helpers/cli.js';

// Output folders never mix runs: a unique default folder per run, --out reuse refused unless
// --force, an unwritable folder refused before the run, and `report` kept inside its folder.
// The unwritable cases use paths no one can write (under a regular file, under /proc), so they
// hold as root too, which is how CI runs.

const SMALL = `name: out-small
seed: 1
traffic:
  phases:
    - { duration: 1s, rate: 10 }
  drain: 5s
service:
  strategy: reject-429
  capacity: 5
  workers: 1
backend:
  latency: { p50: 20ms, p99: 40ms }
`;

const BIN = new URL('../../bin/gameday.js', import.meta.url).pathname;

function binAsync(cwd: string, args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: 'ignore' });
    child.on('exit', resolve);
  });
}

describe('output folders', () => {
  const file = scenarioFile(SMALL);

  it('two runs started at once without --out land in two folders, each with its own result (built binary)', async () => {
    const cwd = tempDir();
    const codes = await Promise.all([binAsync(cwd, ['run', file, '--mode', 'sim', '--quiet']), binAsync(cwd, ['run', file, '--mode', 'sim', '--quiet'])]);
    expect(codes).toEqual([0, 0]);
    const folders = readdirSync(join(cwd, 'reports'));
    expect(folders).toHaveLength(2);
    for (const f of folders) {
      expect(f).toMatch(/^\d{8}-\d{6}\.\d{3}-[0-9a-f]{6}-out-small-reject-429$/);
      expect(readdirSync(join(cwd, 'reports', f)).sort()).toEqual(['junit.xml', 'report.html', 'result.json', 'summary.md']);
    }
  });

  it('--out holding another run is refused (exit 2, nothing touched); --force empties it first', async () => {
    const out = tempDir();
    expect((await cli('compare', file, '--mode', 'sim', '--strategies', 'drop,reject-429', '--out', out, '--quiet')).code).toBe(0);
    const before = readFileSync(join(out, 'compare.json'), 'utf8');
    const again = await cli('run', file, '--mode', 'sim', '--out', out, '--quiet');
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(
      `gameday: --out ${out}: the folder holds another run's files (compare.json, drop, junit.xml, …); choose a new folder, or add --force to empty it first\n`,
    );
    expect(again.stdout).toBe('');
    expect(readFileSync(join(out, 'compare.json'), 'utf8')).toBe(before);
    // --force: the compare's files are gone, only this run's are there.
    const forced = await cli('run', file, '--mode', 'sim', '--out', out, '--quiet', '--force');
    expect(forced.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['junit.xml', 'report.html', 'result.json', 'summary.md']);
  });

  it("--force never empties a folder that also holds files that are not a run's", async () => {
    const out = tempDir();
    writeFileSync(join(out, 'result.json'), '{}');
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const r = await cli('run', file, '--mode', 'sim', '--out', out, '--quiet', '--force');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--force empties only a folder of gameday results, and this one also holds notes.txt');
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('an empty or new --out is fine without --force', async () => {
    const out = join(tempDir(), 'new', 'deeper');
    expect((await cli('run', file, '--mode', 'sim', '--out', out, '--quiet')).code).toBe(0);
    expect(existsSync(join(out, 'result.json'))).toBe(true);
  });

  const unwritable: [string, (dir: string) => string, string][] = [
    ['a path under a regular file', (dir) => join(dir, 'file', 'out'), 'a part of the path is a file'],
    ['a regular file', (dir) => join(dir, 'file'), 'is a file, not a folder'],
  ];
  if (process.platform === 'linux') unwritable.push(['a folder under /proc', () => '/proc/gameday-out', 'cannot write there']);
  it.each(unwritable)('--out at %s: exit 2 before the run starts, even as root', async (_what, at, message) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'not a folder');
    const out = at(dir);
    const r = await cli('run', file, '--mode', 'live', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`gameday: --out ${out}: `);
    expect(r.stderr).toContain(message);
    // Refused before any traffic: no progress line, no summary.
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stdout).toBe('');
  });

  it('a failure before anything is written leaves no empty folder behind', async () => {
    const out = join(tempDir(), 'never');
    const bad = scenarioFile(SMALL.replace('strategy: reject-429', 'strategy: { type: persistent, path: /proc/gameday-queue.db }'));
    const r = await cli('run', bad, '--mode', 'sim', '--out', out, '--quiet');
    expect(r.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});

describe('report stays inside its folder', () => {
  const file = scenarioFile(SMALL);

  it('refuses a compare.json entry that points outside its folder, and reads nothing there', async () => {
    const root = tempDir();
    const out = join(root, 'cmp');
    await cli('compare', file, '--mode', 'sim', '--strategies', 'drop,reject-429', '--out', out, '--quiet');
    // A result.json outside the folder, readable, that the report must not follow.
    mkdirSync(join(root, 'elsewhere'));
    writeFileSync(join(root, 'elsewhere', 'result.json'), readFileSync(join(out, 'drop', 'result.json')));
    const doc = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
    doc.results[0] = '../elsewhere/result.json';
    writeFileSync(join(out, 'compare.json'), JSON.stringify(doc));
    const r = await cli('report', join(out, 'compare.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`gameday: "../elsewhere/result.json" leads outside the folder ${out}; gameday reads and writes only inside it\n`);
    for (const abs of ['/etc/passwd']) {
      doc.results[0] = abs;
      writeFileSync(join(out, 'compare.json'), JSON.stringify(doc));
      expect((await cli('report', join(out, 'compare.json'))).code).toBe(2);
    }
  });

  it('refuses a strategy name that would write outside the folder (../..)', async () => {
    const root = tempDir();
    const out = join(root, 'a', 'b', 'cmp');
    await cli('compare', file, '--mode', 'sim', '--strategies', 'drop,reject-429', '--out', out, '--quiet');
    const drop = JSON.parse(readFileSync(join(out, 'drop', 'result.json'), 'utf8'));
    drop.strategy = '../../escaped';
    writeFileSync(join(out, 'drop', 'result.json'), JSON.stringify(drop));
    const target = join(root, 'rendered');
    const r = await cli('report', join(out, 'compare.json'), '--out', target);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"../../escaped/result.json" leads outside the folder');
    expect(existsSync(join(root, 'escaped'))).toBe(false);
    expect(existsSync(join(out, '..', '..', 'escaped'))).toBe(false);
  });
});
