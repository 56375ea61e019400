import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, scenarioFile, tempDir } from '../helpers/cli.js';

// A short live spike: about 2.5 s of traffic against 1 worker. These tests are about gates and
// exit codes: the generator's schedule tolerance is wide, so a busy test machine cannot turn a
// run invalid (exit 4) under them; validity has tests of its own.
const SPIKE = `name: gate-spike
seed: 4
traffic:
  phases:
    - { duration: 1s, rate: 5 }
    - { duration: 1500ms, rate: 60 }
  drain: 10s
  tolerance: { late: 4s }
service:
  strategy: reject-429
  capacity: 5
  workers: 1
backend:
  latency: { p50: 50ms, p99: 100ms }
gates:
  - lost == 0
`;

/** Reads junit.xml back: testcase names and their failure messages. */
function junitCases(xml: string): { name: string; failure?: string }[] {
  return [...xml.matchAll(/<testcase\b[^>]*\bname="([^"]*)"[^>]*?(?:\/>|>([\s\S]*?)<\/testcase>)/g)].map((m) => {
    const failure = /<failure\b[^>]*\bmessage="([^"]*)"/.exec(m[2] ?? '')?.[1];
    return { name: m[1], failure };
  });
}

describe('exit codes through the gameday binary, on real short runs', () => {
  const file = scenarioFile(SPIKE);

  it('passing gates exit 0 and junit.xml has one passing testcase per gate', () => {
    const out = tempDir();
    const r = bin(['run', file, '--quiet', '--out', out, '--gate', 'completion_rate > 0.05', '--gate', 'p99_latency < 30s']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.gates.map((g: { expr: string; pass: boolean }) => [g.expr, g.pass])).toEqual([
      ['lost == 0', true],
      ['completion_rate > 0.05', true],
      ['p99_latency < 30s', true],
    ]);
    const cases = junitCases(readFileSync(join(out, 'junit.xml'), 'utf8'));
    expect(cases.map((c) => c.name)).toEqual(['lost == 0', 'completion_rate &gt; 0.05', 'p99_latency &lt; 30s']);
    expect(cases.every((c) => c.failure === undefined)).toBe(true);
  });

  it('a failing gate exits 1, with the measured value in junit.xml and the summary', () => {
    const out = tempDir();
    const r = bin(['run', file, '--out', out, '--gate', 'shed == 0']);
    expect(r.code).toBe(1);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    const shed = result.totals.shed;
    expect(shed).toBeGreaterThan(0);
    const gate = result.gates.find((g: { expr: string }) => g.expr === 'shed == 0');
    expect(gate).toMatchObject({ value: shed, pass: false });
    const failed = junitCases(readFileSync(join(out, 'junit.xml'), 'utf8')).find((c) => c.name === 'shed == 0');
    expect(failed?.failure).toContain(`measured ${shed}`);
    expect(r.stdout).toMatch(/shed == 0/);
  });

  it('a bad gate exits 2 before anything runs, naming the closest metric', () => {
    const out = join(tempDir(), 'out');
    const r = bin(['run', file, '--out', out, '--gate', 'drop_rat < 0.01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown metric `drop_rat`.*did you mean `drop_rate`/);
    expect(existsSync(out)).toBe(false);
  });

  it('a baseline regression fails the run; within the allowance it passes', () => {
    const first = tempDir();
    expect(bin(['run', file, '--quiet', '--mode', 'sim', '--out', first]).code).toBe(0);
    const baseline = join(first, 'baseline.json');
    expect(bin(['baseline', 'save', join(first, 'result.json'), '--to', baseline]).code).toBe(0);
    // Same seeded traffic in sim: identical, so a zero allowance passes.
    const same = bin(['run', file, '--quiet', '--mode', 'sim', '--out', tempDir(), '--baseline', baseline, '--max-regression', 'shed=+0,p99_latency=+0%']);
    expect(same.code).toBe(0);
    // Pretend the baseline shed far less: this run's shed is a regression.
    const doc = JSON.parse(readFileSync(baseline, 'utf8'));
    doc.totals.shed = 0;
    writeFileSync(baseline, JSON.stringify(doc));
    const worse = bin(['run', file, '--mode', 'sim', '--out', tempDir(), '--baseline', baseline, '--max-regression', 'shed=+5']);
    expect(worse.code).toBe(1);
    expect(worse.stdout).toMatch(/shed <= baseline\+5/);
  });

  it('compare applies gates per strategy; --expect-fail lets a known-bad strategy fail', () => {
    const out = tempDir();
    const ok = bin(['compare', file, '--mode', 'sim', '--strategies', 'drop,reject-429', '--expect-fail', 'drop', '--quiet', '--out', out]);
    expect(ok.code).toBe(0);
    const compare = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
    expect(compare.strategies).toEqual(['drop', 'reject-429']);
    const cases = junitCases(readFileSync(join(out, 'junit.xml'), 'utf8'));
    // drop's lost == 0 failed as expected: a passing testcase, so a CI test reporter stays green on a passing job.
    expect(cases.filter((c) => c.failure).length).toBe(0);
    const unexpected = bin(['compare', file, '--mode', 'sim', '--strategies', 'drop,reject-429', '--quiet', '--out', tempDir()]);
    expect(unexpected.code).toBe(1);
    expect(unexpected.stdout).toMatch(/^verdict: FAIL — drop: lost == 0/m);
  });

  it('appends the Markdown summary to $GITHUB_STEP_SUMMARY when set', () => {
    const summary = join(tempDir(), 'step-summary.md');
    const r = bin(['run', file, '--quiet', '--mode', 'sim', '--out', tempDir()], { GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(0);
    expect(readFileSync(summary, 'utf8')).toMatch(/gate-spike/);
  });
});
