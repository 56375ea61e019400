import type { Command } from 'commander';
import { buildPlan, formatDuration, loadScenario, validateGates } from '../../index.js';
import type { CliContext } from '../context.js';

export function registerValidate(program: Command, ctx: CliContext): void {
  program
    .command('validate')
    .description('check scenario files without running them; prints what each would offer')
    .argument('<scenario...>', 'scenario YAML files')
    .action((files: string[]) => {
      for (const file of files) {
        const s = loadScenario(file);
        validateGates(s.gates);
        const plan = buildPlan(s.traffic, s.seed);
        ctx.stdout.write(
          `${file}: ok — ${s.name}: ${plan.count} requests over ${formatDuration(plan.trafficMs)} (mean ${plan.targetRps.toFixed(1)}/s), ` +
            `strategy ${s.service.strategy.type}, ${s.service.workers} workers, capacity ${s.service.capacity}, backend ${s.backend.kind}\n`,
        );
      }
      ctx.exitCode = 0;
    });
}
