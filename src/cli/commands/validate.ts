import type { Command } from 'commander';
import { ALLOW_REMOTE_BACKEND_FLAG, ConfigError, EXIT, formatDuration, isLoopbackHost, loadScenario, phaseArrivals } from '../../index.js';
import { planGates } from '../gating.js';
import type { CliContext } from '../context.js';
import { escapeTerminal } from '../../report/text/escape.js';
import { reportError } from '../report-error.js';
import { addSetOption, scenarioInputs } from './shared-options.js';

export function registerValidate(program: Command, ctx: CliContext): void {
  addSetOption(
    program
      .command('validate')
      .description('check scenario files without running them; prints what each would offer')
      .argument('<scenario...>', 'scenario YAML files'),
  ).action((files: string[], flags: { set?: string[] }) => {
    // Every file is checked, and every problem reported, before the exit code says anything was wrong.
    let bad: number = EXIT.ok;
    for (const file of files) {
      try {
        // One plain line, holding the file's name, the scenario's and its service URL: made inert whole.
        ctx.stdout.write(`${escapeTerminal(describeValid(file, flags, ctx))}\n`);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        bad = reportError(e, ctx);
      }
    }
    ctx.exitCode = bad;
  });
}

/** What the scenario offers, counted from its phases: validating never builds the plan. */
function describeValid(file: string, flags: { set?: string[] }, ctx: CliContext): string {
  const s = loadScenario(file, scenarioInputs(flags, ctx));
  // The gates, the abort conditions and the steady state, each named where it was written.
  planGates(s, {});
  const count = Math.ceil(phaseArrivals(s.traffic).reduce((a, b) => a + b, 0) - 1e-9);
  const trafficMs = s.traffic.phases.reduce((t, p) => t + (p.duration ?? 0), 0);
  const mean = trafficMs > 0 ? (count / trafficMs) * 1000 : count;
  const target = s.service.url
    ? `your service at ${s.service.url}`
    : `strategy ${s.service.strategy.type}, ${s.service.workers} workers, capacity ${s.service.capacity}`;
  const approx = s.traffic.arrival === 'poisson' ? '~' : '';
  // A non-loopback mock is valid, but no run starts it without the flag: say so before one is refused.
  const remote = s.backend.kind === 'mock' && !isLoopbackHost(s.backend.host) ? ` on ${s.backend.host} (run needs ${ALLOW_REMOTE_BACKEND_FLAG})` : '';
  return `${file}: ok — ${s.name}: ${approx}${count.toLocaleString('en')} requests over ${formatDuration(trafficMs)} (mean ${mean.toFixed(1)}/s), ${target}, backend ${s.backend.kind}${remote}`;
}
