import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, openSync, writeSync } from 'node:fs';
import { EscapedProcesses } from './descendants.js';

/** How often an instance looks for processes it started that left its group. */
const ESCAPE_WATCH_MS = 200;

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
 * nothing lost if gameday itself dies. What it starts in a group or session of its own (a job
 * runner, as RQ's work horse) is watched for and signalled with the group (Linux).
 */
export class Instance {
  readonly pid: number;
  /** Settles when the process has exited. */
  readonly exited: Promise<InstanceExit>;
  private exit: InstanceExit | undefined;
  private readonly escaped: EscapedProcesses | undefined;
  /** The processes outside the group the last signal reached. */
  outsideGroup: number[] = [];

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
      if (this.pid > 0) {
        const escaped = (this.escaped = new EscapedProcesses(this.pid));
        const watch = setInterval(() => escaped.refresh(), ESCAPE_WATCH_MS).unref();
        void this.exited.then(() => clearInterval(watch));
      }
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

  /** Sends `signal` to the whole process group and to what left it; false if none was left. */
  signal(signal: NodeJS.Signals): boolean {
    if (this.pid <= 0) return false;
    this.outsideGroup = this.escaped?.signal(signal) ?? [];
    try {
      process.kill(-this.pid, signal);
      return true;
    } catch {
      return this.outsideGroup.length > 0; // ESRCH: the group is gone
    }
  }

  /** Whether anything it started is still alive: its group, or a process that left it. */
  get anyAlive(): boolean {
    return this.running || groupAlive(this.pid) || (this.escaped?.alive() ?? false);
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
