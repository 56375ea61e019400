import type { Command } from 'commander';
import { EXIT, loadScenario, renderMarkdown, renderSummary, renderTimelines, runScenario, type RunResult } from '../../index.js';
import { useColor, type CliContext } from '../context.js';
import { applyGates, gatesPass, planGates } from '../gating.js';
import { progressPrinter } from '../progress.js';
import { displayPath, writeRun } from '../result-files.js';
import { appendStepSummary, defaultOutDir } from '../write-files.js';
import { addRunOptions, scenarioInputs } from './shared-options.js';

export interface RunFlags {
  strategy?: string;
  seed?: number;
  mode: 'live' | 'sim';
  out?: string;
  gate?: string[];
  baseline?: string;
  maxRegression?: string;
  maxRequests?: number;
  quiet?: boolean;
  json?: boolean;
  timeScale?: number;
  set?: string[];
}

export function registerRun(program: Command, ctx: CliContext): void {
  addRunOptions(
    program
      .command('run')
      .description('run a game day: one scenario against one strategy, reconciled per request')
      .argument('<scenario>', 'scenario YAML file')
      .option('--strategy <name>', 'override the scenario strategy'),
  )
    .option('--baseline <file>', 'compare against a saved baseline (gameday baseline save)')
    .option('--max-regression <spec>', 'allowed regressions, e.g. drop_rate=+0.005,p99_latency=+20%')
    .action(async (file: string, flags: RunFlags) => {
      ctx.exitCode = await runCommand(file, flags, ctx);
    });
}

export async function runCommand(file: string, flags: RunFlags, ctx: CliContext): Promise<number> {
  const scenario = loadScenario(file, { strategy: flags.strategy, seed: flags.seed, timeScale: flags.timeScale, ...scenarioInputs(flags, ctx) });
  if (flags.maxRequests) scenario.backend.maxRequests = flags.maxRequests;
  const gates = planGates(scenario, flags);
  const out = flags.out ?? defaultOutDir(scenario.name, scenario.service.strategy.type);
  const quiet = flags.quiet || flags.json;
  const result = await runScenario(scenario, { mode: flags.mode, signal: ctx.signal, onEvent: quiet ? undefined : progressPrinter(ctx), workDir: out });
  if (ctx.signal.aborted) return interrupted(ctx);
  applyGates(result, gates);
  const written = writeRun(out, result);
  appendStepSummary(ctx.env, renderMarkdown(result));
  report(result, written, flags, ctx);
  if (!result.validity.valid) {
    ctx.stderr.write(`gameday: invalid run (exit 4): ${result.validity.reasons.join('; ')}\n`);
    return EXIT.invalid;
  }
  return gatesPass(result) ? EXIT.ok : EXIT.gateFailed;
}

function report(r: RunResult, written: string[], flags: RunFlags, ctx: CliContext): void {
  if (flags.json) return void ctx.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  if (flags.quiet) return;
  const color = useColor(ctx);
  ctx.stdout.write(`${renderSummary(r, { color })}\n${renderTimelines(r, { color })}\n`);
  ctx.stdout.write(`files: ${written.map(displayPath).join(', ')}\n`);
}

export function interrupted(ctx: CliContext): number {
  ctx.stderr.write('gameday: interrupted; no files written\n');
  return EXIT.aborted;
}
