import { fmtMs } from '../units/index.js';

/** One command the run ran for you: a `command` fault, its `undo`, or a rollback. */
export interface CommandRecord {
  /** What it was: the fault's action at its time, its undo at the end, or a scenario rollback at the end. */
  role: 'command' | 'undo' | 'rollback';
  /** The command line, as written (run by /bin/sh in the scenario file's folder). */
  run: string;
  /** When it started, on the run's clock. */
  at_ms: number;
  duration_ms: number;
  /** Its exit code; null when a signal ended it, or it could not start. */
  exit_code: number | null;
  /** The signal that ended it (a timeout's SIGTERM or SIGKILL), if one did. */
  signal?: string;
  /** It ran past its `timeout` and was stopped. */
  timed_out: boolean;
  /** It could not start at all (no shell, a folder that is gone): why. */
  error?: string;
  /** The last part of its output (stdout and stderr, as they came), at most a few KB. */
  output: string;
  /** Exit 0 within its timeout. */
  ok: boolean;
}

/** How a command ended, in the words every output uses: "exit 0 in 1.20 s", "exit 3", "timed out after 500 ms". */
export function commandEnding(c: CommandRecord): string {
  if (c.ok) return `exit 0 in ${fmtMs(c.duration_ms)}`;
  if (c.timed_out) return `timed out after ${fmtMs(c.duration_ms)}`;
  return c.error ?? `exit ${c.exit_code ?? c.signal}`;
}

/** The last line of a command's output, where it usually says why it failed (at most 200 characters). */
export function lastOutputLine(output: string): string {
  return (output.trim().split('\n').pop() ?? '').slice(0, 200);
}
