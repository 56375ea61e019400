/** What a command needs from the outside world, injected so tests can run commands in-process. */
export interface CliContext {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Set by a command; main returns it. */
  exitCode: number;
  signal: AbortSignal;
  /** --debug: stack traces for errors. */
  debug: boolean;
}

/** Colour only on a terminal, and never when NO_COLOR is set (no-color.org). */
export function useColor(ctx: CliContext, stream: CliContext['stdout'] = ctx.stdout): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in ctx.env) && ctx.env.TERM !== 'dumb';
}
