import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { procInfo } from './descendants.js';
import { Instance } from './instance.js';

const alive = (pid: number) => (procInfo(pid)?.state ?? 'Z') !== 'Z';

describe.runIf(process.platform === 'linux')('a managed instance, killed', () => {
  it('kills what it started in a session of its own (a job runner, as RQ forks one), not only its group', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'gameday-instance-')), 'out.log');
    // The instance starts a worker in a new session (detached: setsid), as a job runner does, and prints its pid.
    const script =
      "const { spawn } = require('node:child_process');" +
      "const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });" +
      'console.log(`runner ${c.pid}`); setInterval(() => {}, 1000);';
    const inst = new Instance({ command: [process.execPath, '-e', script], cwd: process.cwd(), env: process.env, log }, 'test');
    let runner = 0;
    while (!runner) {
      await new Promise((r) => setTimeout(r, 20));
      runner = Number(/runner (\d+)/.exec(readFileSync(log, 'utf8'))?.[1] ?? 0);
    }
    expect(procInfo(runner)!.pgrp).not.toBe(inst.pid); // out of the group: a group signal alone misses it
    expect(inst.signal('SIGKILL')).toBe(true);
    expect(inst.outsideGroup).toEqual([runner]);
    await inst.exited;
    while (alive(runner)) await new Promise((r) => setTimeout(r, 20));
    expect(inst.anyAlive).toBe(false);
  });
});
