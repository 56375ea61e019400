import { spawn, type ChildProcess } from 'node:child_process';
import type { CommandRunner } from '../fault/index.js';
import type { CommandRecord } from '../model/index.js';
import type { Clock } from '../time/index.js';

/** The output kept per command: its last part, where an error usually is. */
const OUTPUT_TAIL_BYTES = 4096;
/** After SIGTERM at its timeout, a command gets this long before SIGKILL. */
const KILL_GRACE_MS = 2000;

/**
 * Your commands for one run: the `command` faults as they fire, their undos and the scenario's
 * rollbacks when the run ends. Each runs in its own process group (a timeout stops all it
 * started), in the scenario file's folder, with gameday's environment; each is recorded.
 */
export class RunCommands implements CommandRunner {
  readonly records: CommandRecord[] = [];
  private readonly undos: { line: string; timeoutMs: number }[] = [];
  private readonly running = new Set<ChildProcess>();
  private restored = false;

  constructor(
    private readonly clock: Clock,
    private readonly cwd: string,
    private readonly rollbacks: readonly { run: string; timeout: number }[] = [],
  ) {}

  undoAtEnd(line: string, timeoutMs: number): void {
    this.undos.push({ line, timeoutMs });
  }

  /**
   * The end of the run: each undo (newest first), then each rollback, one after another, whatever
   * happened before; once only (the run's close calls it too, for a run that failed on the way).
   */
  async restore(): Promise<void> {
    if (this.restored) return;
    this.restored = true;
    for (const u of this.undos.reverse()) await this.run('undo', u.line, u.timeoutMs);
    for (const r of this.rollbacks) await this.run('rollback', r.run, r.timeout);
  }

  /** Stops whatever is still running (a run closed mid-command). */
  stop(): void {
    for (const child of this.running) signalGroup(child, 'SIGKILL');
  }

  run(role: CommandRecord['role'], line: string, timeoutMs: number): Promise<CommandRecord> {
    const at = this.clock.now();
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
      const done = (exit: number | null, signal: string | null, error?: string) => {
        if (settled) return; // 'error' may be followed by 'close'
        settled = true;
        clearTimeout(timer);
        this.running.delete(child);
        const record: CommandRecord = {
          role,
          run: line,
          at_ms: Math.round(at),
          duration_ms: Math.round(performance.now() - started),
          exit_code: exit,
          ...(signal && { signal }),
          timed_out: timedOut,
          ...(error && { error }),
          output,
          ok: exit === 0 && !timedOut && error === undefined,
        };
        this.records.push(record);
        resolve(record);
      };
      child.once('error', (e) => done(null, null, `could not start: ${e.message}`));
      child.once('close', (code, signal) => done(code, signal));
    });
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // Already gone: nothing to stop.
  }
}
