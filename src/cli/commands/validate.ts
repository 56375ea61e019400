import type { Command } from 'commander';
import { buildPlan, ConfigError, EXIT, formatDuration, loadScenario, validateGates } from '../../index.js';
import type { CliContext } from '../context.js';
import { reportError } from '../report-error.js';

export function registerValidate(program: Command, ctx: CliContext): void {
  program
    .command('validate')
    .description('check scenario files without running them; prints what each would offer')
    .argument('<scenario...>', 'scenario YAML files')
    .action((files: string[]) => {
      // Every file is checked, and every problem reported, before the exit code says anything was wrong.
      let bad: number = EXIT.ok;
      for (const file of files) {
        try {
          ctx.stdout.write(`${describeValid(file)}\n`);
        } catch (e) {
          if (!(e instanceof ConfigError)) throw e;
          bad = reportError(e, ctx);
        }
      }
      ctx.exitCode = bad;
    });
}

function describeValid(file: string): string {
  const s = loadScenario(file);
  validateGates(s.gates);
  const plan = buildPlan(s.traffic, s.seed);
  const target = s.service.url ? `your service at ${s.service.url}` : `strategy ${s.service.strategy.type}, ${s.service.workers} workers, capacity ${s.service.capacity}`;
  return `${file}: ok — ${s.name}: ${plan.count.toLocaleString('en')} requests over ${formatDuration(plan.trafficMs)} (mean ${plan.targetRps.toFixed(1)}/s), ${target}, backend ${s.backend.kind}`;
}
