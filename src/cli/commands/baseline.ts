import type { Command } from 'commander';
import { makeBaseline, type RunResult } from '../../index.js';
import type { CliContext } from '../context.js';
import { readResults } from '../result-files.js';
import { writeFilesAtomically } from '../write-files.js';
import { dirname, basename } from 'node:path';
import { ConfigError } from '../../index.js';
import { escapeTerminal } from '../../report/text/escape.js';

export function registerBaseline(program: Command, ctx: CliContext): void {
  const baseline = program.command('baseline').description('save and use baselines for regression gates');
  baseline
    .command('save')
    .description('save a run as the baseline that later runs are compared to (--baseline)')
    .argument('<result.json>', 'a result.json from gameday run')
    .option('--to <file>', 'where to write it', 'baseline.json')
    .action((file: string, flags: { to: string }) => {
      const { kind, results } = readResults(file);
      if (kind !== 'run') throw new ConfigError(`${file}: baseline save takes one run's result.json, not a comparison`, 'GD_ERR_USAGE');
      const b = makeBaseline(results[0] as RunResult);
      writeFilesAtomically(dirname(flags.to), { [basename(flags.to)]: `${JSON.stringify(b, null, 2)}\n` });
      // The names come from the result.json: one plain line, made inert whole.
      ctx.stdout.write(
        `${escapeTerminal(`baseline for ${b.baseline_of.scenario} · ${b.baseline_of.strategy} (${b.baseline_of.mode}, seed ${b.baseline_of.seed}) saved to ${flags.to}`)}\n`,
      );
      ctx.exitCode = 0;
    });
}
