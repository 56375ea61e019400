import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTempName, writeFilesAtomically } from '../../src/cli/write-files.js';
import { ConfigError } from '../../src/index.js';
import { cli, scenarioFile, tempDir } from '../helpers/cli.js';

// `report` (and every writer) follows what is on disk from the real folder: a symbolic link in a
// results folder that leads outside it is refused, a link at a report file's own name is replaced,
// never written through, and a temporary file is always a new file under a random name.

const SMALL = `name: links
seed: 3
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

const file = scenarioFile(SMALL);

/** Every file under `dir` with its text: what "untouched" is compared against. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((n) => [n, lstatSync(join(dir, n)).isFile() ? readFileSync(join(dir, n), 'utf8') : '(folder)']),
  );
}

/** A folder outside the results, holding a copy of drop's result.json and a file of its own. */
function elsewhere(root: string, cmp: string): string {
  const other = join(root, 'other');
  mkdirSync(other);
  writeFileSync(join(other, 'result.json'), readFileSync(join(cmp, 'drop', 'result.json')));
  writeFileSync(join(other, 'requests.csv'), 'not gameday output\n');
  return other;
}

async function comparison(root: string): Promise<string> {
  const cmp = join(root, 'cmp');
  const r = await cli('compare', file, '--mode', 'sim', '--strategies', 'drop,reject-429', '--requests', '--out', cmp, '--quiet');
  expect(r.code).toBe(0);
  return cmp;
}

describe('report and symbolic links', () => {
  it('a strategy folder that is a link leading outside: refused (exit 2), nothing read or written there', async () => {
    const root = tempDir();
    const cmp = await comparison(root);
    const other = elsewhere(root, cmp);
    renameSync(join(cmp, 'drop'), join(root, 'drop-moved'));
    symlinkSync(other, join(cmp, 'drop'));
    const before = snapshot(other);
    const r = await cli('report', join(cmp, 'compare.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`gameday: ${join(cmp, 'drop')}: is a symbolic link leading outside ${cmp}; gameday reads and writes only inside it\n`);
    expect(snapshot(other)).toEqual(before);
  });

  it('the same link in the --out folder: refused before anything is written through it', async () => {
    const root = tempDir();
    const cmp = await comparison(root);
    const other = elsewhere(root, cmp);
    const out = join(root, 'rendered');
    mkdirSync(out);
    symlinkSync(other, join(out, 'drop'));
    const before = snapshot(other);
    const r = await cli('report', join(cmp, 'compare.json'), '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`gameday: ${join(out, 'drop')}: is a symbolic link leading outside ${out}`);
    expect(snapshot(other)).toEqual(before);
    expect(readdirSync(out)).toEqual(['drop']); // refused before the first file: nothing half-rendered
  });

  it('a link that stays inside the folder is followed: a strategy folder moved and linked back renders as before', async () => {
    const root = tempDir();
    const cmp = await comparison(root);
    renameSync(join(cmp, 'drop'), join(cmp, 'drop-real'));
    symlinkSync('drop-real', join(cmp, 'drop'));
    rmSync(join(cmp, 'drop-real', 'requests.csv'));
    const r = await cli('report', join(cmp, 'compare.json'));
    expect(r.code).toBe(0);
    expect(readFileSync(join(cmp, 'drop-real', 'requests.csv'), 'utf8')).toMatch(/^id,priority,/);
  });

  it('a report file that is a link leading outside: refused, its target untouched', async () => {
    const root = tempDir();
    const run = join(root, 'run');
    expect((await cli('run', file, '--mode', 'sim', '--out', run, '--quiet')).code).toBe(0);
    const target = join(root, 'precious.txt');
    writeFileSync(target, 'mine\n');
    rmSync(join(run, 'summary.md'));
    symlinkSync(target, join(run, 'summary.md'));
    const r = await cli('report', join(run, 'result.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(run, 'summary.md')}: is a symbolic link leading outside ${run}`);
    expect(readFileSync(target, 'utf8')).toBe('mine\n');
  });

  it('a report file that is a link inside the folder: the rename replaces the link, its target is not written', async () => {
    const run = tempDir();
    expect((await cli('run', file, '--mode', 'sim', '--out', run, '--quiet')).code).toBe(0);
    writeFileSync(join(run, 'notes.txt'), 'mine\n');
    rmSync(join(run, 'summary.md'));
    symlinkSync('notes.txt', join(run, 'summary.md'));
    expect((await cli('report', join(run, 'result.json'))).code).toBe(0);
    expect(lstatSync(join(run, 'summary.md')).isFile()).toBe(true);
    expect(readFileSync(join(run, 'summary.md'), 'utf8')).toMatch(/^# /);
    expect(readFileSync(join(run, 'notes.txt'), 'utf8')).toBe('mine\n');
  });
});

describe('temporary files', () => {
  it('a link planted at the temporary name is not followed: another name is taken, the link target untouched', () => {
    const dir = tempDir();
    const target = join(tempDir(), 'precious.txt');
    writeFileSync(target, 'mine\n');
    symlinkSync(target, join(dir, 'planted'));
    const names = ['planted', 'fresh'];
    writeFilesAtomically(dir, { 'summary.md': 'new\n' }, { tempName: () => names.shift()! });
    expect(names).toEqual([]); // the planted name was tried first, and refused
    expect(readFileSync(target, 'utf8')).toBe('mine\n');
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toBe('new\n');
    expect(lstatSync(join(dir, 'planted')).isSymbolicLink()).toBe(true);
    expect(existsSync(join(dir, 'fresh'))).toBe(false); // renamed into place
  });

  it('when every name tried is taken, the write is refused and nothing is written through', () => {
    const dir = tempDir();
    const target = join(tempDir(), 'precious.txt');
    writeFileSync(target, 'mine\n');
    symlinkSync(target, join(dir, 'planted'));
    expect(() => writeFilesAtomically(dir, { 'summary.md': 'new\n' }, { tempName: () => 'planted' })).toThrow(ConfigError);
    expect(readFileSync(target, 'utf8')).toBe('mine\n');
    expect(existsSync(join(dir, 'summary.md'))).toBe(false);
  });

  it('random names, recognised as leftovers; a failed rename leaves none behind', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'summary.md', 'in-the-way'), { recursive: true }); // a folder where the file goes: the rename fails
    expect(() => writeFilesAtomically(dir, { 'summary.md': 'new\n' })).toThrow();
    expect(readdirSync(dir)).toEqual(['summary.md']);
    expect(isTempName('summary.md.tmp-0123456789abcdef')).toBe(true);
    expect(isTempName('summary.md.tmp-4242')).toBe(true); // an older gameday's .tmp-<pid>
    expect(isTempName('summary.md')).toBe(false);
  });

  it('--force counts a leftover temporary file as a run output', async () => {
    const out = tempDir();
    writeFileSync(join(out, 'result.json'), '{}');
    writeFileSync(join(out, 'summary.md.tmp-0123456789abcdef'), 'half');
    expect((await cli('run', file, '--mode', 'sim', '--out', out, '--quiet', '--force')).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['junit.xml', 'report.html', 'result.json', 'summary.md']);
  });
});
