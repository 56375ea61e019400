import type { Command } from 'commander';
import {
  checkBackendHost,
  computeVerdict,
  exitCodeOf,
  loadScenario,
  renderMarkdown,
  renderSummary,
  renderTimelines,
  renderVerdictLine,
  runScenario,
  type RunResult,
  type Scenario,
} from '../../index.js';
import { interruptionOf, useColor, type CliContext } from '../context.js';
import { applyGates, planGates, type GatePlan } from '../gating.js';
import { prepareOutDir, withOutDir } from '../out-dir.js';
import { progressPrinter } from '../progress.js';
import { displayPath, writeRun } from '../result-files.js';
import { appendStepSummary } from '../write-files.js';
import { addRunOptions, scenarioInputs } from './shared-options.js';

export interface RunFlags {
  strategy?: string;
  seed?: number;
  mode: 'live' | 'sim';
  out?: string;
  force?: boolean;
  gate?: string[];
  abort?: string[];
  baseline?: string;
  maxRegression?: string;
  maxRequests?: number;
  quiet?: boolean;
  json?: boolean;
  timeScale?: number;
  requests?: boolean;
  set?: string[];
  allowRemoteBackend?: boolean;
}

export function registerRun(program: Command, ctx: CliContext): void {
  addRunOptions(
    program
      .command('run')
      .description('run a game day: one scenario against one strategy, reconciled per request')
      .argument('<scenario>', 'scenario YAML file')
      .option('--strategy <name>', 'override the scenario strategy'),
  )
    .option(
      '--abort <expr>',
      "stop the traffic when this holds, checked about once a second, e.g. 'lost > 50' or 'drop_rate[10s] > 5%' (repeatable; adds to the scenario's abort:)",
      (v: string, prev: string[] = []) => [...prev, v],
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
  checkBackendHost(scenario, flags.allowRemoteBackend ?? false);
  // The folder is made (and proved writable) before any traffic: a bad --out costs nothing.
  const dir = prepareOutDir(flags.out, { scenario: scenario.name, suffix: scenario.service.strategy.type, force: flags.force });
  return withOutDir(dir, (out) => runInto(out, scenario, gates, flags, ctx));
}

async function runInto(out: string, scenario: Scenario, gates: GatePlan, flags: RunFlags, ctx: CliContext): Promise<number> {
  const quiet = flags.quiet || flags.json;
  const result = await runScenario(scenario, {
    mode: flags.mode,
    signal: ctx.signal,
    onEvent: quiet ? undefined : progressPrinter(ctx),
    workDir: out,
    requests: flags.requests,
    abort: flags.abort,
    allowRemoteBackend: flags.allowRemoteBackend,
  });
  // An interrupted run keeps what it measured: the same files, its verdict says interrupted.
  const interrupted = interruptionOf(ctx);
  applyGates(result, gates);
  result.verdict = computeVerdict(result, { interrupted: interrupted && { ...interrupted, at_ms: result.duration_ms.run } });
  const written = writeRun(out, result);
  appendStepSummary(ctx.env, renderMarkdown(result));
  report(result, written, flags, ctx);
  return exitCodeOf(result.verdict, interrupted);
}

function report(r: RunResult, written: string[], flags: RunFlags, ctx: CliContext): void {
  const color = useColor(ctx);
  if (flags.json) {
    ctx.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    // stdout stays one JSON document; the verdict line still ends the terminal's output.
    return void ctx.stderr.write(`${renderVerdictLine(r.verdict!, { color: useColor(ctx, ctx.stderr) })}\n`);
  }
  if (!flags.quiet) {
    ctx.stdout.write(`${renderSummary(r, { color })}\n${renderTimelines(r, { color })}\n`);
    ctx.stdout.write(`files: ${written.map(displayPath).join(', ')}\n`);
  }
  ctx.stdout.write(`${renderVerdictLine(r.verdict!, { color })}\n`);
}
