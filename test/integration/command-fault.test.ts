/**
 * `command` faults and rollbacks: your own commands, run at their time, recorded, undone when the
 * run ends (Ctrl-C included); one that fails, or runs past its timeout, fails the run in every
 * output. Each test checks the world the commands acted on, not only what gameday says of them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, scenarioFile, tempDir } from '../helpers/cli.js';

const BIN = new URL('../../bin/gameday.js', import.meta.url).pathname;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A process of the test's own, outside gameday: the command fault's victim. */
let victim: ChildProcess | undefined;
afterEach(() => victim?.kill('SIGKILL'));

const SCENARIO = (faults: string, rollbacks = '[]', seconds = 3) => `name: commands
traffic: { phases: [{ duration: ${seconds}s, rate: 5 }], drain: 2s }
service: { strategy: reject-429, capacity: 10, workers: 2 }
backend: { latency: { p50: 20ms, p99: 50ms } }
faults: ${faults}
rollbacks: ${rollbacks}
`;

describe('command faults and rollbacks', () => {
  it('kills a process of its own at its time, and on Ctrl-C still runs its undo and the rollbacks, each recorded', async () => {
    const file = scenarioFile(
      SCENARIO(
        '[{ at: 1s, kind: command, run: "kill -9 $(cat victim.pid) && echo killed", undo: "echo restored > undone.txt" }]',
        '[{ run: "echo rolled back >> rollback.txt" }]',
        30,
      ),
    );
    const dir = dirname(file);
    victim = spawn('sleep', ['300'], { stdio: 'ignore' });
    writeFileSync(join(dir, 'victim.pid'), String(victim.pid));
    const out = join(tempDir(), 'run');
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'run', file, '--mode', 'live', '--out', out], {
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let text = '';
      let sent = false;
      child.stderr.on('data', (c: Buffer) => {
        text += c.toString();
        // Interrupted once the command has acted, long before the traffic's end.
        if (!sent && text.includes('fault at') && text.includes('command')) {
          sent = true;
          child.kill('SIGINT');
        }
      });
      child.on('exit', (exit) => resolve({ code: exit, stderr: text }));
    });
    expect(code, stderr).toBe(130);
    expect(alive(victim.pid!)).toBe(false);
    expect(readFileSync(join(dir, 'undone.txt'), 'utf8')).toBe('restored\n');
    expect(readFileSync(join(dir, 'rollback.txt'), 'utf8')).toBe('rolled back\n');
    const r = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(r.verdict.status).toBe('interrupted');
    expect(r.commands.map((c: { role: string; ok: boolean; output: string }) => [c.role, c.ok, c.output])).toEqual([
      ['command', true, 'killed\n'],
      ['undo', true, ''],
      ['rollback', true, ''],
    ]);
    expect(r.commands[0].at_ms).toBeGreaterThanOrEqual(1000);
    expect(r.events.some((e: { kind: string; detail: string }) => e.kind === 'crash' && e.detail.startsWith('command: kill -9'))).toBe(true);
  }, 120_000);

  it('a command that fails, or runs past its timeout, fails the run and says so in every output; the timeout stops all it started', async () => {
    const file = scenarioFile(
      SCENARIO(
        '[{ at: 500ms, kind: command, run: "echo no such pod >&2; exit 3" }, { at: 1s, kind: command, run: "sleep 60 & echo $! > child.pid; wait", timeout: 500ms }]',
      ),
    );
    const out = tempDir();
    const r = await cli('run', file, '--mode', 'live', '--out', out);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    // A fail; on a machine so busy the generator fell behind, invalid first (the failure is said either way).
    expect(r.code).toBe(result.validity.valid ? 1 : 4);
    const [failed, slow] = result.commands;
    expect(failed).toMatchObject({ role: 'command', exit_code: 3, ok: false, timed_out: false, output: 'no such pod\n' });
    expect(slow).toMatchObject({ role: 'command', ok: false, timed_out: true });
    // The timeout stopped the command's own child too (its process group).
    const grandchild = Number(readFileSync(join(dirname(file), 'child.pid'), 'utf8'));
    await expect.poll(() => alive(grandchild), { timeout: 10_000 }).toBe(false);
    const reason = 'command failed: echo no such pod >&2; exit 3 (exit 3): the disturbance did not happen as written';
    expect(result.verdict.reasons).toContain(reason);
    expect(r.stdout).toContain('✗');
    expect(r.stdout).toContain('no such pod');
    for (const name of ['summary.md', 'report.html', 'junit.xml']) expect(readFileSync(join(out, name), 'utf8'), name).toContain('exit 3');
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain('<testcase name="command: echo no such pod &gt;&amp;2; exit 3"');
  }, 120_000);

  it('is refused in sim (it acts on the real world), as are rollbacks, before anything runs', async () => {
    const marker = join(tempDir(), 'ran.txt');
    for (const [faults, rollbacks, message] of [
      [`[{ at: 1s, kind: command, run: "touch ${marker}" }]`, '[]', 'faults[0] (command): it runs a real command, which a simulation cannot: use --mode live'],
      ['[]', `[{ run: "touch ${marker}" }]`, 'rollbacks run real commands, which a simulation cannot: use --mode live'],
    ]) {
      const r = await cli('run', scenarioFile(SCENARIO(faults, rollbacks)), '--mode', 'sim', '--out', tempDir());
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
    }
    expect(existsSync(marker)).toBe(false);
  });
});
