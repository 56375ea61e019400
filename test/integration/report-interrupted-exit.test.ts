import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { RunResult } from '../../src/index.js';
import { cli, scenarioFile, tempDir } from '../helpers/cli.js';

// `report` exits with the verdict written with the run, the signal included: a run SIGTERM
// stopped exits 143 again when re-rendered, one Ctrl-C stopped 130.

const SMALL = `name: stopped
seed: 5
traffic:
  phases:
    - { duration: 2s, rate: 10 }
  drain: 5s
service:
  strategy: reject-429
  capacity: 5
  workers: 1
`;

const file = scenarioFile(SMALL);
const sink = () => new Writable({ write: (_c, _e, done) => done() });

/** The CLI with a signal already received as it starts (main's own path for one that came while loading). */
function stoppedBy(signal: 'SIGINT' | 'SIGTERM', ...args: string[]): Promise<number> {
  return main(['node', 'gameday', ...args], { stdout: sink(), stderr: sink(), env: { ...process.env, NO_COLOR: '1' } }, signal);
}

describe('report on a run stopped by a signal', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s: the run exits %i, and so does report', async (signal, code) => {
    const out = tempDir();
    expect(await stoppedBy(signal, 'run', file, '--mode', 'sim', '--out', out, '--quiet')).toBe(code);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as RunResult;
    expect(result.verdict).toMatchObject({ status: 'interrupted', signal });
    const r = await cli('report', join(out, 'result.json'), '--out', tempDir());
    expect(r.code).toBe(code);
    expect(r.stdout).toMatch(new RegExp(`verdict: INTERRUPTED — stopped by ${signal}`));
  });

  it('a result.json written before verdicts carried the signal: read from its reason', async () => {
    const out = tempDir();
    await stoppedBy('SIGTERM', 'run', file, '--mode', 'sim', '--out', out, '--quiet');
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as RunResult;
    delete result.verdict!.signal;
    writeFileSync(join(out, 'result.json'), JSON.stringify(result));
    expect((await cli('report', join(out, 'result.json'), '--out', tempDir())).code).toBe(143);
  });

  it('a comparison SIGTERM stopped: compare.json keeps the signal, report exits 143', async () => {
    const out = tempDir();
    expect(await stoppedBy('SIGTERM', 'compare', file, '--mode', 'sim', '--strategies', 'drop,reject-429', '--out', out, '--quiet')).toBe(143);
    expect(JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8')).verdict).toMatchObject({ status: 'interrupted', signal: 'SIGTERM' });
    expect((await cli('report', join(out, 'compare.json'), '--out', tempDir())).code).toBe(143);
  });
});
