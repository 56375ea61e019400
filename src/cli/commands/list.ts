import type { Command } from 'commander';
import { getStrategy, strategyNames } from '../../index.js';
import { maxOf } from '../../units/index.js';
import type { CliContext } from '../context.js';

export function registerList(program: Command, ctx: CliContext): void {
  program
    .command('list')
    .description('list the ingress strategies')
    .action(() => {
      const names = strategyNames();
      const width = maxOf(names.map((n) => n.length));
      for (const n of names) ctx.stdout.write(`${n.padEnd(width)}  ${getStrategy(n).describe}\n`);
      ctx.exitCode = 0;
    });
}
