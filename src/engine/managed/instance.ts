import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, openSync, writeSync } from 'node:fs';

/** How one instance of a managed process ended. */
export interface InstanceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** What starts an instance: the command, where, with which environment, and where its output goes. */
export interface InstanceSpec {
  command: string | string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** stdout and stderr are appended here (a restart appends to the same file). */
  log: string;
}

/**
 * One running instance of a managed process, in a process group of its own (detached), so a
 * signal reaches every process it started (a shell's child, a cluster's workers), never gameday.
 * Its output goes straight to its log file (the child holds the descriptor): nothing to pump,
 * nothing lost if gameday itself dies.
 */
export class Instance {
  readonly pid: number;
  /** Settles when the process has exited. */
  readonly exited: Promise<InstanceExit>;
  private exit: InstanceExit | undefined;

  constructor(spec: InstanceSpec, note: string) {
    const fd = openSync(spec.log, 'a');
    try {
      writeSync(fd, `--- gameday: ${note} at ${new Date().toISOString()}\n`);
      const [file, args] = typeof spec.command === 'string' ? ['/bin/sh', ['-c', spec.command]] : [spec.command[0], spec.command.slice(1)];
      const child = spawn(file, args, { cwd: spec.cwd, env: spec.env, detached: true, stdio: ['ignore', fd, fd] });
      this.exited = new Promise((resolve) => {
        child.once('exit', (code, signal) => resolve((this.exit = { code, signal })));
        // A command that cannot be spawned (no such file, no permission) never runs: an exit of its own.
        child.once('error', (e: NodeJS.ErrnoException) => {
          appendFileSync(spec.log, `--- gameday: could not start: ${e.message}\n`);
          resolve((this.exit = { code: 127, signal: null }));
        });
      });
      this.pid = child.pid ?? -1;
    } finally {
      closeSync(fd);
    }
  }

  get running(): boolean {
    return this.exit === undefined && this.pid > 0;
  }

  /** The exit, once it happened. */
  get ended(): InstanceExit | undefined {
    return this.exit;
  }

  /** Sends `signal` to the whole process group; false if there was none left. */
  signal(signal: NodeJS.Signals): boolean {
    if (this.pid <= 0) return false;
    try {
      process.kill(-this.pid, signal);
      return true;
    } catch {
      return false; // ESRCH: the group is gone
    }
  }
}

/** Whether any process of the group led by `pid` is still alive (signal 0 checks without sending). */
export function groupAlive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(-pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
