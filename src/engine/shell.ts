import { spawn, type ChildProcess } from 'node:child_process';

/** The output kept per command: its last part, where an error usually is. */
const OUTPUT_TAIL_BYTES = 4096;
/** After SIGTERM at its timeout, a command gets this long before SIGKILL. */
const KILL_GRACE_MS = 2000;

/** How one command line ended. */
export interface ShellResult {
  exitCode: number | null;
  signal?: string;
  timedOut: boolean;
  /** It could not start at all: why. */
  error?: string;
  /** The last few KB of its output, stdout and stderr as they came. */
  output: string;
  durationMs: number;
  /** Exit 0 within its timeout. */
  ok: boolean;
}

/**
 * Your command lines (command faults, undos, rollbacks, command probes): each by /bin/sh in its own
 * process group, so a timeout stops everything it started; `stopAll` kills what still runs.
 */
export class Shell {
  private readonly running = new Set<ChildProcess>();

  constructor(private readonly cwd: string) {}

  run(line: string, timeoutMs: number): Promise<ShellResult> {
    const started = performance.now();
    let output = '';
    let timedOut = false;
    return new Promise((resolve) => {
      const child = spawn('/bin/sh', ['-c', line], { cwd: this.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      this.running.add(child);
      const keep = (chunk: Buffer) => {
        output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_BYTES);
      };
      child.stdout!.on('data', keep);
      child.stderr!.on('data', keep);
      const timer = setTimeout(() => {
        timedOut = true;
        signalGroup(child, 'SIGTERM');
        setTimeout(() => signalGroup(child, 'SIGKILL'), KILL_GRACE_MS).unref();
      }, timeoutMs);
      let settled = false;
      const done = (exitCode: number | null, signal: string | null, error?: string) => {
        if (settled) return; // 'error' may be followed by 'close'
        settled = true;
        clearTimeout(timer);
        this.running.delete(child);
        const durationMs = Math.round(performance.now() - started);
        const ok = exitCode === 0 && !timedOut && error === undefined;
        resolve({ exitCode, ...(signal && { signal }), timedOut, ...(error && { error }), output, durationMs, ok });
      };
      child.once('error', (e) => done(null, null, `could not start: ${e.message}`));
      // On exit, not close: a background child still holding the output pipe is not the command.
      child.once('exit', (code, signal) => {
        done(code, signal);
        child.stdout?.destroy();
        child.stderr?.destroy();
      });
    });
  }

  stopAll(): void {
    for (const child of this.running) signalGroup(child, 'SIGKILL');
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // Already gone: nothing to stop.
  }
}
