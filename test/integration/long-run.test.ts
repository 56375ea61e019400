import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, scenarioFile, tempDir } from '../helpers/cli.js';

// A run at the 24-hour limit has a day of per-second points in its timeline: every report must
// be rendered from it without any operation whose stack grows with the run's length.
const DAY = scenarioFile(`name: a-day
traffic:
  phases:
    - { duration: 1430m, rate: 1 }
  drain: 10m
service:
  strategy: reject-429
  capacity: 20
  workers: 2
gates:
  - lost == 0
`);

describe('a run at the 24-hour limit', () => {
  it('writes every file, in virtual time', async () => {
    const out = join(tempDir(), 'day');
    const r = await cli('run', DAY, '--mode', 'sim', '--out', out, '--quiet');
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['result.json', 'summary.md', 'report.html', 'junit.xml']) expect(existsSync(join(out, f)), f).toBe(true);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as { totals: { scheduled: number }; timeline: unknown[] };
    expect(result.totals.scheduled).toBe(1430 * 60);
    expect(result.timeline.length).toBeGreaterThanOrEqual(1430 * 60);
  }, 60_000);
});
