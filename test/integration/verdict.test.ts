import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { RunResult } from '../../src/index.js';
import { expectReconciled } from '../helpers/invariant.js';
import { cli, scenarioFile, tempDir, type CliRun } from '../helpers/cli.js';

// One verdict, shown the same way in five places: the terminal's last line, summary.md's first
// line, report.html's banner, junit.xml and the exit code. Sim mode: fast and exact.

// A 10x spike against a 5-slot queue: drop loses requests, reject-429 sheds and loses none.
const SPIKE = `name: verdict-spike
seed: 7
traffic:
  phases:
    - { duration: 2s, rate: 5 }
    - { duration: 2s, rate: 50 }
  drain: 20s
service:
  strategy: reject-429
  capacity: 5
  workers: 1
backend:
  latency: { p50: 50ms, p99: 100ms }
gates:
  - lost == 0
`;

interface Seen {
  code: number;
  lastLine: string;
  summaryFirstLine: string;
  htmlBanner: string;
  junit: { tests: number; failures: number; skipped: number; xml: string };
}

function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1)!;
}

function seen(r: CliRun, out: string): Seen {
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  const xml = readFileSync(join(out, 'junit.xml'), 'utf8');
  const top = /<testsuites [^>]*tests="(\d+)" failures="(\d+)"/.exec(xml)!;
  const skipped = [...xml.matchAll(/<testsuite [^>]*skipped="(\d+)"/g)].reduce((n, m) => n + Number(m[1]), 0);
  return {
    code: r.code,
    lastLine: lastLine(r.stdout),
    summaryFirstLine: readFileSync(join(out, 'summary.md'), 'utf8').split('\n')[0],
    htmlBanner: /<\/h1>\n(<p class="verdict-banner[^\n]*)/.exec(html)?.[1] ?? '(no banner right under the title)',
    junit: { tests: Number(top[1]), failures: Number(top[2]), skipped, xml },
  };
}

const result = (out: string, sub = ''): RunResult => JSON.parse(readFileSync(join(out, sub, 'result.json'), 'utf8')) as RunResult;

/**
 * Runs the CLI in-process and delivers `signal` (as main's signal handler would) once stderr
 * contains `when`, or before anything runs when `when` is empty.
 */
async function interruptedCli(signal: 'SIGINT' | 'SIGTERM', when: string, ...args: string[]): Promise<CliRun> {
  const text = { out: '', err: '' };
  const abort = new AbortController();
  const sink = (k: 'out' | 'err') =>
    new Writable({
      write: (c: Buffer, _e, done) => {
        text[k] += c.toString();
        if (k === 'err' && text.err.includes(when) && !abort.signal.aborted) abort.abort({ signal });
        done();
      },
    });
  if (when === '') abort.abort({ signal });
  const code = await main(['node', 'gameday', ...args], {
    stdout: sink('out'),
    stderr: sink('err'),
    env: { ...process.env, NO_COLOR: '1' },
    signal: abort.signal,
  });
  return { code, stdout: text.out, stderr: text.err };
}

describe('one verdict everywhere (run, sim)', () => {
  const file = scenarioFile(SPIKE);

  it('pass: exit 0, PASS in every format, junit green', async () => {
    const out = tempDir();
    const s = seen(await cli('run', file, '--mode', 'sim', '--out', out), out);
    expect(s.code).toBe(0);
    expect(s.lastLine).toBe('verdict: PASS — its 1 gate passed');
    expect(s.summaryFirstLine).toBe('# ✅ PASS — gameday: verdict-spike · `reject-429`');
    expect(s.htmlBanner).toContain('data-status="pass"');
    expect(s.htmlBanner).toContain('<b>PASS</b> — its 1 gate passed');
    expect(s.junit).toMatchObject({ tests: 1, failures: 0, skipped: 0 });
    expect(result(out).verdict).toEqual({ status: 'pass', expected_failure: false, reasons: ['its 1 gate passed'] });
  });

  it('fail: exit 1, FAIL in every format with the gate and its value, junit red', async () => {
    const out = tempDir();
    const s = seen(await cli('run', file, '--mode', 'sim', '--strategy', 'drop', '--out', out), out);
    const r = result(out);
    const reason = `gate failed: lost == 0 (measured ${r.totals.lost})`;
    expect(r.totals.lost).toBeGreaterThan(0);
    expect(s.code).toBe(1);
    expect(s.lastLine).toBe(`verdict: FAIL — ${reason}`);
    expect(s.summaryFirstLine).toBe('# ❌ FAIL — gameday: verdict-spike · `drop`');
    expect(s.htmlBanner).toContain(`<b>FAIL</b> — ${reason}`);
    expect(s.junit).toMatchObject({ tests: 1, failures: 1 });
    expect(r.verdict).toEqual({ status: 'fail', expected_failure: false, reasons: [reason] });
  });

  it('a failed gate with nothing lost has no green headline anywhere', async () => {
    const out = tempDir();
    const r = await cli('run', file, '--mode', 'sim', '--out', out, '--gate', 'shed == 0');
    const s = seen(r, out);
    expect(result(out).totals.lost).toBe(0);
    expect(s.code).toBe(1);
    expect(r.stdout).not.toContain('✓ nothing lost');
    expect(s.summaryFirstLine).toMatch(/^# ❌ FAIL/);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).not.toContain('✅ **nothing lost**');
    expect(readFileSync(join(out, 'report.html'), 'utf8')).not.toMatch(/class="good"|verdict-banner pass/);
  });

  it('interrupted (SIGINT): exit 130; reconciled results written, INTERRUPTED everywhere, gates skipped in junit', async () => {
    const out = tempDir();
    const s = seen(await interruptedCli('SIGINT', '', 'run', file, '--mode', 'sim', '--out', out), out);
    const r = result(out);
    expect(s.code).toBe(130);
    expect(s.lastLine).toMatch(/^verdict: INTERRUPTED — stopped by SIGINT/);
    expect(s.summaryFirstLine).toBe('# ⏹️ INTERRUPTED — gameday: verdict-spike · `reject-429`');
    expect(s.htmlBanner).toContain('data-status="interrupted"');
    expect(s.junit).toMatchObject({ tests: 2, failures: 1, skipped: 1 });
    expect(s.junit.xml).toContain('<testcase name="verdict"');
    expect(r.verdict?.status).toBe('interrupted');
    expectReconciled(r);
    // Stopped before the first arrival was due: every request not sent, none hidden, none lost.
    expect(r.totals.not_sent).toBe(r.totals.scheduled);
    expect(r.totals.lost).toBe(0);
  });

  it('interrupted (SIGTERM): exit 143, the same files', async () => {
    const out = tempDir();
    const s = seen(await interruptedCli('SIGTERM', '', 'run', file, '--mode', 'sim', '--out', out), out);
    expect(s.code).toBe(143);
    expect(s.lastLine).toMatch(/^verdict: INTERRUPTED — stopped by SIGTERM/);
    expect(result(out).verdict?.status).toBe('interrupted');
  });
});

describe('one verdict everywhere (compare, sim)', () => {
  const file = scenarioFile(SPIKE);

  it('expected failure: exit 0, PASS (expected failure), and junit reports it as a passing testcase with the reason', async () => {
    const out = tempDir();
    const r = await cli('compare', file, '--mode', 'sim', '--strategies', 'drop,reject-429', '--expect-fail', 'drop', '--out', out);
    const s = seen(r, out);
    expect(s.code).toBe(0);
    expect(s.lastLine).toMatch(/^verdict: PASS \(expected failure\) — drop: failed as expected \(--expect-fail\): lost == 0 \(measured \d+\)$/);
    expect(s.summaryFirstLine).toBe('# ✅ PASS (expected failure) — gameday compare: verdict-spike');
    expect(s.htmlBanner).toContain('data-status="pass" data-expected-failure="true"');
    expect(s.junit).toMatchObject({ tests: 2, failures: 0 });
    expect(s.junit.xml).toMatch(
      /<testcase name="lost == 0" classname="verdict-spike.drop" time="0">\n {6}<system-out>expected failure \(--expect-fail\): measured \d+<\/system-out>/,
    );
    expect(result(out, 'drop').verdict).toMatchObject({ status: 'pass', expected_failure: true });
    expect(JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8')).verdict.status).toBe('pass');
  });

  it('an expected failure that passes fails the compare, in every format', async () => {
    const out = tempDir();
    const s = seen(
      await cli('compare', file, '--mode', 'sim', '--strategies', 'drop,reject-429', '--expect-fail', 'reject-429', '--expect-fail', 'drop', '--out', out),
      out,
    );
    expect(s.code).toBe(1);
    expect(s.lastLine).toBe('verdict: FAIL — reject-429: expected to fail (--expect-fail), but every gate passed');
    expect(s.summaryFirstLine).toMatch(/^# ❌ FAIL — /);
    expect(s.htmlBanner).toContain('data-status="fail"');
    expect(s.junit.failures).toBe(1);
    expect(s.junit.xml).toContain('<testcase name="expected to fail" classname="verdict-spike.reject-429"');
  });

  it('interrupted: keeps the finished strategies, marks the one running, lists the ones never run; exit 130', async () => {
    const out = tempDir();
    // The signal lands as the second strategy starts: drop has finished, reject-429 is cut off, block never runs.
    const r = await interruptedCli(
      'SIGINT',
      'verdict-spike · reject-429',
      'compare',
      file,
      '--mode',
      'sim',
      '--strategies',
      'drop,reject-429,block',
      '--out',
      out,
    );
    const s = seen(r, out);
    expect(s.code).toBe(130);
    const compare = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
    expect(compare).toMatchObject({ strategies: ['drop', 'reject-429'], not_run: ['block'], verdict: { status: 'interrupted' } });
    const drop = result(out, 'drop');
    expect(drop.verdict?.status).toBe('fail');
    expect(drop.lost_breakdown.not_sent).toBe(0);
    const cut = result(out, 'reject-429');
    expect(cut.verdict?.status).toBe('interrupted');
    expectReconciled(cut);
    // The verdict is one short line, each detail once below it.
    const block = r.stdout
      .slice(r.stdout.lastIndexOf('\nverdict: ') + 1)
      .trimEnd()
      .split('\n');
    expect(block).toEqual([
      'verdict: INTERRUPTED — 3 strategies: 1 interrupted, 1 failed, 1 not run',
      expect.stringMatching(/^ {2}- reject-429: stopped by SIGINT at [\d.]+ s; arrivals not yet due are not sent, and not lost$/),
      expect.stringMatching(/^ {2}- drop: FAIL — lost == 0 \(measured \d+\)$/),
      '  - not run: block',
    ]);
    expect(s.summaryFirstLine).toBe('# ⏹️ INTERRUPTED — gameday compare: verdict-spike');
  });

  it('report re-renders the verdict written with the run, prints it last and exits with it', async () => {
    const out = tempDir();
    await cli('run', file, '--mode', 'sim', '--strategy', 'drop', '--out', out, '--quiet');
    const r = await cli('report', join(out, 'result.json'));
    expect(r.code).toBe(1);
    expect(lastLine(r.stdout)).toMatch(/^verdict: FAIL — gate failed: lost == 0/);
    expect(readFileSync(join(out, 'summary.md'), 'utf8').split('\n')[0]).toMatch(/^# ❌ FAIL/);
  });
});
