import { Command } from 'commander';
import { EXIT, GAMEDAY_VERSION, type Interruption } from '../index.js';
import type { CliContext } from './context.js';
import { reportError } from './report-error.js';
import { registerBaseline } from './commands/baseline.js';
import { registerCompare } from './commands/compare.js';
import { registerList } from './commands/list.js';
import { registerInit } from './commands/init.js';
import { registerMockClaude } from './commands/mock-claude.js';
import { registerPlan } from './commands/plan.js';
import { registerProbe } from './commands/probe.js';
import { registerReport } from './commands/report.js';
import { registerRun } from './commands/run.js';
import { registerSweep } from './commands/sweep.js';
import { registerValidate } from './commands/validate.js';
import { registerWorker } from './commands/worker.js';

/**
 * argv → exit code. Never throws and never calls process.exit: bin/gameday.js does.
 * `interruptedBy`: a signal that came while the code was loading, honoured as if it came now.
 */
export async function main(argv: string[], io: Partial<CliContext> = {}, interruptedBy?: Interruption['signal']): Promise<number> {
  const abort = new AbortController();
  const ctx: CliContext = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    exitCode: EXIT.ok,
    signal: abort.signal,
    debug: argv.includes('--debug'),
    ...io,
  };
  // The first SIGINT/SIGTERM stops traffic and lets the command write what was measured; a
  // second one gets Node's default (immediate exit), for a user who will not wait.
  const onSignal = (signal: Interruption['signal']) => () => {
    // Commands that drive traffic say what they do with it; a mock or a worker just stops.
    const what = argv.slice(2).some((a) => /^(run|compare|probe|sweep)$/.test(a))
      ? 'stopping traffic, closing the service and writing what was measured'
      : 'stopping';
    ctx.stderr.write(`\ngameday: ${signal}: ${what}\n`);
    abort.abort({ signal } satisfies Interruption);
  };
  const onSigint = onSignal('SIGINT');
  const onSigterm = onSignal('SIGTERM');
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigterm);
  if (interruptedBy) {
    // That was the first signal: the next one gets Node's default, an immediate exit.
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
    onSignal(interruptedBy)();
  }
  try {
    await buildProgram(ctx).parseAsync(argv.filter((a) => a !== '--debug'));
    return ctx.exitCode;
  } catch (err) {
    return reportError(err, ctx);
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
  }
}

function buildProgram(ctx: CliContext): Command {
  const program = new Command('gameday')
    .description('Load-simulation and game-day testbench: what a queue strategy does to your requests under a spike.')
    .version(GAMEDAY_VERSION)
    .option('--debug', 'show stack traces for errors')
    .showHelpAfterError('(run gameday --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) });
  // Commands created after exitOverride/configureOutput inherit both.
  for (const register of [
    registerRun,
    registerCompare,
    registerSweep,
    registerValidate,
    registerPlan,
    registerInit,
    registerProbe,
    registerReport,
    registerBaseline,
    registerMockClaude,
    registerWorker,
    registerList,
  ]) {
    register(program, ctx);
  }
  return program;
}
