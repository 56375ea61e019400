import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, scenarioFile, tempDir } from '../helpers/cli.js';

// Inputs that are not what they claim to be are bad input (exit 2) named in one line, never an
// internal error and never read as something else.

const VALID = `name: refusals
traffic:
  phases:
    - { duration: 1s, rate: 10 }
service:
  strategy: reject-429
  capacity: 5
  workers: 1
`;

const file = scenarioFile(VALID);

describe('files that are not regular files', () => {
  it.runIf(process.platform === 'linux')('validate /proc/self/mem: exit 2 naming the file and the errno, not an internal error', async () => {
    const r = await cli('validate', '/proc/self/mem');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('gameday: Cannot read scenario /proc/self/mem: EIO\n');
  });

  it('validate a folder: exit 2, not a regular file', async () => {
    const dir = tempDir();
    const r = await cli('validate', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`gameday: Cannot read scenario ${dir}: not a regular file (a FIFO, device or folder); give a YAML file\n`);
  });

  it.runIf(process.platform === 'linux')('report /proc/self/mem or a folder: exit 2 naming it', async () => {
    const mem = await cli('report', '/proc/self/mem');
    expect(mem.code).toBe(2);
    expect(mem.stderr).toBe('gameday: cannot read /proc/self/mem: EIO\n');
    const dir = tempDir();
    const folder = await cli('report', dir);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toBe(`gameday: cannot read ${dir}: not a regular file\n`);
  });
});

describe('numeric flags take numbers written in decimal, never an empty value read as 0', () => {
  it.each([[''], [' '], ['0x10'], ['1 2'], ['Infinity']])('--seed %j: exit 2 naming --seed and what it takes', async (value) => {
    const r = await cli('run', file, '--mode', 'sim', '--out', tempDir(), '--quiet', '--seed', value);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--seed expects a whole number from 0 to 9,007,199,254,740,991, got ${JSON.stringify(value)}`);
  });

  it('every numeric flag: an empty value is refused (ports, fractions, counts, scales)', async () => {
    const cases: [string[], string][] = [
      [['compare', file, '--seed', ''], '--seed expects a whole number'],
      [['run', file, '--max-requests', ''], '--max-requests expects a whole number'],
      [['run', file, '--repeat', ''], '--repeat expects a whole number'],
      [['run', file, '--time-scale', ''], '--time-scale expects a number > 0'],
      [['sweep', file, '--threads', ''], '--threads expects a whole number'],
      [['mock-claude', '--port', ''], '--port expects a port from 0 to 65535'],
      [['mock-claude', '--error-rate', ''], '--error-rate expects a fraction from 0 to 1'],
      [['mock-claude', '--seed', ' '], '--seed expects a whole number'],
    ];
    for (const [args, message] of cases) {
      const r = await cli(...args);
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 2]);
      expect(r.stderr).toContain(message);
    }
  });

  it('numbers written as before still are: 1e3 is seed 1000, 0.5 a time scale', async () => {
    const out = tempDir();
    expect((await cli('run', file, '--mode', 'sim', '--out', out, '--quiet', '--seed', '1e3', '--time-scale', '0.5')).code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'))).toMatchObject({ seed: 1000 });
  });
});
