import type { CommandRunner } from '../fault/index.js';
import type { CommandRecord } from '../model/index.js';
import type { Clock } from '../time/index.js';
import type { Shell } from './shell.js';

/**
 * Your commands for one run: the `command` faults as they fire, their undos and the scenario's
 * rollbacks when the run ends, each recorded (result.json `commands`).
 */
export class RunCommands implements CommandRunner {
  readonly records: CommandRecord[] = [];
  private readonly undos: { line: string; timeoutMs: number }[] = [];
  private readonly pending = new Set<Promise<CommandRecord>>();
  private restored = false;

  constructor(
    private readonly clock: Clock,
    private readonly shell: Shell,
    private readonly rollbacks: readonly { run: string; timeout: number }[] = [],
  ) {}

  undoAtEnd(line: string, timeoutMs: number): void {
    this.undos.push({ line, timeoutMs });
  }

  /** Resolves once every command started so far has ended (an undo never runs beside its fault). */
  async finished(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  /**
   * The end of the run: each undo (newest first), then each rollback, one after another, whatever
   * happened before; once only (the run's close calls it too, for a run that failed on the way).
   */
  async restore(): Promise<void> {
    if (this.restored) return;
    this.restored = true;
    await this.finished();
    for (const u of this.undos.reverse()) await this.run('undo', u.line, u.timeoutMs);
    for (const r of this.rollbacks) await this.run('rollback', r.run, r.timeout);
  }

  run(role: CommandRecord['role'], line: string, timeoutMs: number): Promise<CommandRecord> {
    const running = this.record(role, line, timeoutMs);
    this.pending.add(running);
    void running.finally(() => this.pending.delete(running));
    return running;
  }

  private async record(role: CommandRecord['role'], line: string, timeoutMs: number): Promise<CommandRecord> {
    const at = this.clock.now();
    const r = await this.shell.run(line, timeoutMs);
    const record: CommandRecord = {
      role,
      run: line,
      at_ms: Math.round(at),
      duration_ms: r.durationMs,
      exit_code: r.exitCode,
      ...(r.signal && { signal: r.signal }),
      timed_out: r.timedOut,
      ...(r.error && { error: r.error }),
      output: r.output,
      ok: r.ok,
    };
    this.records.push(record);
    return record;
  }
}
