import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RepeatSummary } from '../../src/cli/repeat.js';
import { cli, tempDir } from '../helpers/cli.js';

// The default spike in virtual time, seeds 42, 43, 44: completed 302, 299, 306 (exact).
const spike = 'scenarios/spike.yaml';
const read = (out: string) => JSON.parse(readFileSync(join(out, 'repeat.json'), 'utf8')) as RepeatSummary;

describe('run --repeat: one verdict over N seeds, for a gate a busy CI runner can keep', () => {
  it('writes each run and the spread of every figure; the worst run decides by default', async () => {
    const out = join(tempDir(), 'r');
    const r = await cli('run', spike, '--mode', 'sim', '--repeat', '3', '--gate', 'completed >= 302', '--out', out);
    expect(r.code).toBe(1);
    const s = read(out);
    expect(s.runs.map((x) => [x.seed, x.verdict.status])).toEqual([
      [42, 'pass'],
      [43, 'fail'],
      [44, 'pass'],
    ]);
    expect(s.spread.completed).toEqual({ min: 299, median: 302, max: 306 });
    expect(s.verdict.reasons).toEqual(['run-2 (seed 43): FAIL — gate failed: completed >= 302 (measured 299)']);
    for (const k of [1, 2, 3]) expect(JSON.parse(readFileSync(join(out, `run-${k}`, 'result.json'), 'utf8')).seed).toBe(41 + k);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(
      /^# FAIL — flash-spike · persistent · 3 of 3 runs · gates on the worst run\n\n\| figure \| min \| median \| max \|/,
    );
    expect(r.stdout).toMatch(/^\s+completed\s+299\s+302\s+306$/m);
  });

  it('--gate-on median judges the gates on the median of each figure', async () => {
    const out = join(tempDir(), 'r');
    const r = await cli('run', spike, '--mode', 'sim', '--repeat', '3', '--gate-on', 'median', '--gate', 'completed >= 302', '--out', out, '--quiet');
    expect(r.code).toBe(0);
    const s = read(out);
    expect(s.median_gates?.map((g) => [g.expr, g.value, g.pass])).toEqual([
      ['lost == 0', 0, true],
      ['completed >= 302', 302, true],
    ]);
    expect(r.stdout.trim()).toBe('verdict: PASS — median of 3 runs: all 2 gates passed');
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('- `completed >= 302` on the median: completed = 302, expected \\>= 302 — pass');
  });

  it('bad --repeat and --gate-on values are bad input, naming the flag', async () => {
    const a = await cli('run', spike, '--mode', 'sim', '--repeat', '0');
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--repeat/);
    const b = await cli('run', spike, '--mode', 'sim', '--repeat', '2', '--gate-on', 'mean');
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--gate-on.*expected median or worst, got "mean"/);
    const c = await cli('run', spike, '--mode', 'sim', '--gate-on', 'median');
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/--gate-on judges a repeat: add --repeat <n>/);
  });
});
