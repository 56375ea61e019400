import type { Interruption } from '../index.js';

/** What a command needs from the outside world, injected so tests can run commands in-process. */
export interface CliContext {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Where a question is answered (confirming load to a host beyond this machine). @default process.stdin, read only when asked */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Set by a command; main returns it. */
  exitCode: number;
  /** Aborted on SIGINT/SIGTERM; its reason is the Interruption (which signal). */
  signal: AbortSignal;
  /** --debug: stack traces for errors. */
  debug: boolean;
}

/** Colour only on a terminal, and never when NO_COLOR is set (no-color.org). */
export function useColor(ctx: CliContext, stream: CliContext['stdout'] = ctx.stdout): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in ctx.env) && ctx.env.TERM !== 'dumb';
}

/** Which signal stopped the command, if one did (an abort without a signal reads as SIGINT). */
export function interruptionOf(ctx: CliContext): Interruption | undefined {
  if (!ctx.signal.aborted) return undefined;
  const reason = ctx.signal.reason as Partial<Interruption> | undefined;
  return { signal: reason?.signal === 'SIGTERM' ? 'SIGTERM' : 'SIGINT' };
}
