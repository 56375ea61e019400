import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { declaredFiles } from '../../src/report/index.js';
import { cli, scenarioFile, tempDir } from '../helpers/cli.js';

const SCENARIO = `name: rerender
traffic:
  phases:
    - { duration: 2s, rate: 40 }
service:
  strategy: reject-503
  capacity: 5
  workers: 1
`;

const read = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');

describe('gameday report re-renders every format from result.json alone', () => {
  // Every file the reporters declare, as the run wrote it (with --requests, so requests.csv too).
  it('a run: every declared file the same as the run wrote it', async () => {
    const first = tempDir();
    expect((await cli('run', scenarioFile(SCENARIO), '--mode', 'sim', '--requests', '--quiet', '--out', first)).code).toBe(0);
    const again = tempDir();
    const r = await cli('report', join(first, 'result.json'), '--out', again);
    expect(r.code).toBe(0);
    expect(declaredFiles('run')).toContain('requests.csv');
    for (const f of declaredFiles('run')) expect(read(again, f), f).toBe(read(first, f));
    expect(r.stdout).toMatch(/rerender · strategy reject-503/);
  });

  it('a comparison: compare.json and the results it lists are enough', async () => {
    const first = tempDir();
    const strategies = ['drop', 'reject-503'];
    expect(
      (await cli('compare', scenarioFile(SCENARIO), '--mode', 'sim', '--strategies', strategies.join(','), '--requests', '--quiet', '--out', first)).code,
    ).toBe(0); // no gates: nothing to fail
    const again = tempDir();
    const r = await cli('report', join(first, 'compare.json'), '--out', again);
    expect(r.code).toBe(0);
    const files = declaredFiles('compare').flatMap((f) => (f.startsWith('<strategy>/') ? strategies.map((s) => f.replace('<strategy>', s)) : [f]));
    for (const f of files) expect(read(again, f), f).toBe(read(first, f));
    expect(r.stdout).toMatch(/drop/);
    expect(r.stdout).toMatch(/reject-503/);
  });

  it('a file that is not a result is bad input', async () => {
    const r = await cli('report', scenarioFile('{"hello": 1}', 'x.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a gameday result\.json or compare\.json/);
  });
});
