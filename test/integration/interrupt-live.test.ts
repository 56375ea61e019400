import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { renderSummary, runScenario, type RunResult } from '../../src/index.js';
import { fmtMs } from '../../src/report/text/format.js';
import { findings } from '../../src/report/text/findings.js';
import { scenarioFile, tempDir } from '../helpers/cli.js';
import { expectReconciled } from '../helpers/invariant.js';
import { scenario } from '../helpers/scenario.js';

// Ctrl-C in the middle of a live run, through the built binary (needs `npm run build`): traffic
// stops, the service process is closed, and what was measured is written, reconciled, marked
// interrupted. 30 s of traffic; the signal comes a moment after the run has started, so most
// arrivals are not yet due: not sent, and not lost.
const LONG = `name: interrupt-live
seed: 3
traffic:
  phases:
    - { duration: 30s, rate: 20 }
  drain: 10s
service:
  strategy: { type: persistent, lease: 2s }
  capacity: 50
  workers: 2
  process: child
backend:
  latency: { p50: 30ms, p99: 80ms }
gates:
  - lost == 0
`;

const BIN = new URL('../../bin/gameday.js', import.meta.url).pathname;

/** Processes whose working directory is `dir`: the CLI and the service process it forked run there. */
function processesIn(dir: string): number[] {
  const real = realpathSync(dir);
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return readlinkSync(`/proc/${p}/cwd`) === real;
      } catch {
        return false;
      }
    })
    .map(Number);
}

function runAndInterrupt(signal: NodeJS.Signals, cwd: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      // The start line is printed once the service is up and traffic begins; let a second of it run.
      if (!sent && stderr.includes('gameday: interrupt-live ·')) {
        sent = true;
        setTimeout(() => child.kill(signal), 1000);
      }
    });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

/**
 * Ctrl-C in a terminal, or a CI job cancelled, signals the whole process group: under `npx` that is
 * npx, gameday and the service process gameday forked, all at once. The service is often gone
 * before gameday writes its stop to it; that EPIPE must not take the run's files with it.
 */
function npxAndInterruptGroup(out: string, file: string): Promise<{ code: number | null; output: string }> {
  // A project with gameday installed, as a user's is: npx runs its node_modules/.bin/gameday.
  const project = tempDir();
  mkdirSync(join(project, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(BIN, join(project, 'node_modules', '.bin', 'gameday'));
  writeFileSync(join(project, 'package.json'), '{ "name": "a-project", "version": "1.0.0", "private": true }\n');
  return new Promise((resolve) => {
    // detached: npx leads a process group of its own, as a shell's foreground job does.
    const child = spawn('npx', ['gameday', 'run', file, '--out', out], { cwd: project, detached: true, env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    let sent = false;
    const read = (c: Buffer) => {
      output += c.toString();
      // Signal once traffic has run a second.
      if (!sent && output.includes('gameday: interrupt-live ·')) {
        sent = true;
        setTimeout(() => process.kill(-child.pid!, 'SIGINT'), 1000);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    // npx ends by the signal it got, which a shell reports as 128 + 2.
    child.on('exit', (code, signal) => resolve({ code: signal === 'SIGINT' ? 130 : code, output }));
  });
}

describe.skipIf(process.platform !== 'linux')('an interrupt mid-run (live, built binary)', () => {
  it('SIGINT to the whole process group of `npx gameday run`: every file written, marked interrupted', async () => {
    const out = join(tempDir(), 'out');
    const r = await npxAndInterruptGroup(out, scenarioFile(LONG));
    expect(r.code, r.output).toBe(130);
    expect(r.output).not.toMatch(/EPIPE/);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as RunResult;
    expect(result.verdict).toMatchObject({ status: 'interrupted' });
    expectReconciled(result);
    for (const f of ['summary.md', 'report.html', 'junit.xml']) expect(readFileSync(join(out, f), 'utf8').length).toBeGreaterThan(0);
  }, 180_000);

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s: exit %i, a reconciled result.json marked interrupted, nothing left running',
    async (signal, exit) => {
      const cwd = tempDir();
      const out = join(cwd, 'out');
      const r = await runAndInterrupt(signal, cwd, ['run', scenarioFile(LONG), '--out', out]);
      expect(r.code, r.stderr).toBe(exit);
      expect(r.stderr).toContain(`gameday: ${signal}: stopping traffic`);
      const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as RunResult;
      expect(result.verdict).toMatchObject({ status: 'interrupted', expected_failure: false });
      expect(result.verdict!.reasons[0]).toContain(`stopped by ${signal}`);
      expectReconciled(result);
      // Some traffic went out before the signal; the arrivals not yet due are not sent, and not lost.
      expect(result.totals.attempts).toBeGreaterThan(0);
      expect(result.totals.not_sent).toBeGreaterThan(0);
      expect(result.generator.unsent).toBe(result.totals.not_sent);
      expect(result.lost_breakdown.not_sent).toBe(0);
      // The durable queue keeps what it held: unfinished_at_stop, never lost. The file may hold
      // fewer by now (the service went on working until it was stopped), never more.
      expect(result.totals.lost, JSON.stringify({ lost: result.lost_breakdown, answers: result.answers })).toBe(0);
      const q = result.unfinished_at_stop?.queue;
      const held = q ? q.ready + q.leased : 0;
      expect(result.totals.unfinished_at_stop ?? 0).toBe(held + (result.unfinished_at_stop?.in_flight ?? 0));
      const db = new Database(join(out, 'queue.db'), { readonly: true });
      const inFile = (db.prepare("SELECT count(*) AS n FROM jobs WHERE state IN ('ready', 'leased')").get() as { n: number }).n;
      db.close();
      expect(inFile).toBeLessThanOrEqual(held);
      expect(readFileSync(join(out, 'summary.md'), 'utf8')).not.toContain('silently dropped');
      expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain('<testcase name="verdict"');
      expect(processesIn(cwd)).toEqual([]);
    },
    60_000,
  );
});

describe('an interrupt between a kill and its restart', () => {
  it('says why no restart followed, in result.json and in every report’s findings', async () => {
    const s = scenario({
      name: 'stopped-before-restart',
      seed: 5,
      traffic: { phases: [{ duration: '20s', rate: 10 }], drain: '2s', tolerance: { late: '5s' } },
      service: { strategy: { type: 'persistent', lease: '2s' }, capacity: 50, workers: 2, process: 'child' },
      backend: { latency: { p50: '30ms', p99: '80ms' } },
      faults: [{ at: '500ms', kind: 'crash-service', restartAfter: '30s' }],
    });
    const stop = new AbortController();
    const r = await runScenario(s, {
      mode: 'live',
      signal: stop.signal,
      onEvent: (e) => {
        if (e.type === 'fault' && e.kind === 'crash-service') setTimeout(() => stop.abort({ signal: 'SIGINT' }), 500);
      },
    });
    expectReconciled(r);
    const kill = r.crashes.find((c) => c.kind === 'crash-service')!;
    expect(kill.restart_ms).toBeNull();
    expect(kill.restart_error).toBe('the run was stopped before the service was started again');
    const line = `No restart followed the kill at ${fmtMs(kill.at_ms)}: the run was stopped before the service was started again`;
    expect(findings(r)).toContain(`${line}.`);
    expect(renderSummary(r, { color: false })).toContain(line);
  }, 120_000);
});
