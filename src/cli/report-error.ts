import { CommanderError } from 'commander';
import { ConfigError, EXIT, GamedayError, StoreError, escapeUnsafe } from '../index.js';
import type { CliContext } from './context.js';

/** Bad input → exit 2 with one line; gameday's own failures → exit 3; stack traces only with --debug. */
export function reportError(err: unknown, ctx: CliContext): number {
  if (err instanceof CommanderError) {
    // commander already printed its message; help and version are not errors.
    return err.exitCode === 0 ? EXIT.ok : EXIT.badInput;
  }
  const userError = err instanceof ConfigError || err instanceof StoreError;
  const message = err instanceof Error ? err.message : String(err);
  ctx.stderr.write(`gameday: ${printable(message)}\n`);
  if (ctx.debug && err instanceof Error) ctx.stderr.write(`${err.stack}\n`);
  else if (!userError && !(err instanceof GamedayError)) ctx.stderr.write('(this looks like a bug in gameday; run again with --debug for a stack trace)\n');
  return userError ? EXIT.badInput : EXIT.internal;
}

/** The longest line of an error message printed: values in messages are already cut, this is the last guard. */
const MAX_LINE_CHARS = 500;

/** Control and bidi characters escaped line by line, every line cut to MAX_LINE_CHARS. */
function printable(message: string): string {
  return message
    .split('\n')
    .map((line) => escapeUnsafe(line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS - 1)}…` : line))
    .join('\n');
}
