import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { strategyNames } from '../../src/strategy/index.js';
import { LIMITS } from '../../src/units/index.js';
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

// Every strategy through the same day. The rate is a tenth of the run above: the arrivals are not
// what is tested (each strategy still has a day of per-second points, eight of them in one report),
// and the persistent strategy's idle workers poll their queue file every 100 ms of the day whatever
// the rate, so most of this test's time is theirs. The timeout is a hang guard, not a speed bound
// (the speed is in the bench).
const DAY_COMPARE = scenarioFile(`name: a-day-compare
traffic:
  phases:
    - { duration: 1430m, rate: 0.1 }
  drain: 10m
service:
  strategy: reject-429
  capacity: 20
  workers: 2
gates:
  - lost == 0
`);

describe('a comparison of every strategy at the 24-hour limit', () => {
  it('writes every file, in virtual time', async () => {
    const out = join(tempDir(), 'day-compare');
    const r = await cli('compare', DAY_COMPARE, '--mode', 'sim', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const compare = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8')) as { strategies: string[] };
    expect(compare.strategies).toEqual(strategyNames());
    for (const f of ['compare.json', 'summary.md', 'report.html', 'junit.xml']) expect(existsSync(join(out, f)), f).toBe(true);
    for (const strategy of compare.strategies) {
      const result = JSON.parse(readFileSync(join(out, strategy, 'result.json'), 'utf8')) as { totals: { scheduled: number }; timeline: unknown[] };
      expect(result.totals.scheduled, strategy).toBe(1430 * 6);
      expect(result.timeline.length, strategy).toBeGreaterThanOrEqual(1430 * 60);
    }
    // The terminal's table and its charts, a day narrowed to the width.
    expect(r.stdout).toMatch(/Queue depth by strategy \(downsampled: 1 column = \d+ s/);
    expect(r.stdout).toContain(`verdict: PASS — all ${strategyNames().length} strategies pass`);
  }, 900_000);
});

describe('a plan at the limits', () => {
  it('prints every phase and fault of 1,000 phases x 1,000 faults', async () => {
    const n = LIMITS.items;
    const kinds = [
      'backend-latency, duration: 20s, factor: 2',
      'backend-outage, duration: 5s',
      'backend-slowdown, duration: 30s, to: 3',
      'backend-rate-limit, duration: 10s, rpm: 6000',
    ];
    const phases = Array.from({ length: n }, (_, i) => (i % 2 ? '    - { duration: 80s, rate: 2 }' : '    - { duration: 80s, rampTo: 5 }'));
    const faults = Array.from({ length: n }, (_, i) => `  - { kind: ${kinds[i % kinds.length]}, at: ${Math.floor((i * 79_000) / n)}s }`);
    const file = scenarioFile(
      `name: at-the-limits\ntraffic:\n  phases:\n${phases.join('\n')}\n  drain: 10m\nservice:\n  strategy: reject-429\n  capacity: 20\n  workers: 2\nfaults:\n${faults.join('\n')}\n`,
    );
    const r = await cli('plan', file);
    expect(r.code, r.stderr).toBe(0);
    const faultLines = r.stdout.slice(r.stdout.lastIndexOf('\nfaults:\n')).split('\n\n')[0].split('\n').slice(2);
    expect(faultLines).toHaveLength(n);
    expect(r.stdout).toMatch(new RegExp(`^  ${n} +\\S`, 'm')); // the last phase's row
    expect(r.stdout).toMatch(/^prediction /m);
  }, 300_000); // a hang guard: the fluid model once asked every fault at each of its 400,000 steps
});
