import {
  checkBackendHost,
  checkTargets,
  computeVerdict,
  exitCodeOf,
  loadScenario,
  preflight,
  renderMarkdown,
  renderSummary,
  renderTimelines,
  renderVerdictLine,
  runScenario,
  type RunResult,
  type Scenario,
  type Verdict,
  ConfigError,
} from '../../index.js';
import { interruptionOf, useColor, type CliContext } from '../context.js';
import { outputWidth } from '../width.js';
import { InvalidArgumentError, type Command } from 'commander';
import { applyGates, planGates, type GatePlan } from '../gating.js';
import { repeatInto, type GateOn } from '../repeat.js';
import { appendStepSummary } from '../write-files.js';
import { prepareOutDir, withOutDir } from '../out-dir.js';
import { progressPrinter } from '../progress.js';
import { displayPath, writeRun } from '../result-files.js';
import { addRunOptions, parseIntFlag, scenarioInputs } from './shared-options.js';
import { confirmRemoteLoad } from '../confirm-targets.js';
import { checkMetricsFlags, listeners, withLiveMetrics, type LiveMetrics, type MetricsFlags } from '../live-metrics.js';
import { escapeTerminal, jsonForTerminal } from '../../report/text/escape.js';
import { wrapLine } from '../../report/text/wrap.js';

export interface RunFlags extends MetricsFlags {
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
  target?: string[];
  yes?: boolean;
  repeat?: number;
  gateOn?: GateOn;
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
    .option(
      '--repeat <n>',
      'run it n times (seeds s, s+1, …), each into run-<k>/, with the spread of every figure in repeat.json',
      parseIntFlag('--repeat', 100, 1),
    )
    .option('--gate-on <stat>', 'with --repeat: judge the gates on the median of each figure over the runs, or on every run (worst, the default)', parseGateOn)
    .action(async (file: string, flags: RunFlags) => {
      ctx.exitCode = await runCommand(file, flags, ctx);
    });
}

export async function runCommand(file: string, flags: RunFlags, ctx: CliContext): Promise<number> {
  const scenario = loadScenario(file, { strategy: flags.strategy, seed: flags.seed, timeScale: flags.timeScale, ...scenarioInputs(flags, ctx) });
  if (flags.maxRequests) scenario.backend.maxRequests = flags.maxRequests;
  const gates = planGates(scenario, flags);
  if (flags.gateOn !== undefined && (flags.repeat ?? 1) < 2) throw new ConfigError('--gate-on judges a repeat: add --repeat <n> (2 or more)', 'GD_ERR_USAGE');
  checkBackendHost(scenario, flags.allowRemoteBackend ?? false);
  checkTargets(scenario, flags.target);
  checkMetricsFlags(flags);
  // Asked only of a run that would start: every check that needs no I/O comes first.
  preflight(scenario, flags.mode);
  await confirmRemoteLoad(scenario, flags.yes, ctx);
  // The folder is made (and proved writable) before any traffic: a bad --out costs nothing.
  const dir = prepareOutDir(flags.out, { scenario: scenario.name, suffix: scenario.service.strategy.type, force: flags.force });
  return withOutDir(dir, (out) =>
    withLiveMetrics(flags, ctx, (metrics) => {
      if ((flags.repeat ?? 1) < 2) return runInto(out, scenario, gates, flags, ctx, metrics);
      const runOnce = (into: string, seeded: Scenario) => runJudged(into, seeded, gates, flags, ctx, metrics);
      return repeatInto(out, scenario, { n: flags.repeat!, gateOn: flags.gateOn ?? 'worst', gates, flags }, ctx, runOnce);
    }),
  );
}

function parseGateOn(v: string): GateOn {
  if (v === 'median' || v === 'worst') return v;
  throw new InvalidArgumentError(`expected median or worst, got ${JSON.stringify(v)}`);
}

/** Runs the scenario once into `out` and judges it: gates, validity by them, the verdict. */
async function runJudged(
  out: string,
  scenario: Scenario,
  gates: GatePlan,
  flags: RunFlags,
  ctx: CliContext,
  metrics: LiveMetrics | undefined,
): Promise<RunResult & { verdict: Verdict }> {
  const quiet = flags.quiet || flags.json;
  const result = await runScenario(scenario, {
    mode: flags.mode,
    signal: ctx.signal,
    onEvent: listeners(quiet ? undefined : progressPrinter(ctx), metrics?.onEvent),
    onCompletion: metrics?.onCompletion,
    workDir: out,
    requests: flags.requests,
    abort: flags.abort,
    allowRemoteBackend: flags.allowRemoteBackend,
    targets: flags.target,
    env: ctx.env,
  });
  metrics?.finish(result);
  // An interrupted run keeps what it measured: the same files, its verdict says interrupted.
  const interrupted = interruptionOf(ctx);
  applyGates(result, gates);
  const verdict = computeVerdict(result, { interrupted: interrupted && { ...interrupted, at_ms: result.duration_ms.run } });
  return Object.assign(result, { verdict });
}

async function runInto(out: string, scenario: Scenario, gates: GatePlan, flags: RunFlags, ctx: CliContext, metrics: LiveMetrics | undefined): Promise<number> {
  const result = await runJudged(out, scenario, gates, flags, ctx, metrics);
  const interrupted = interruptionOf(ctx);
  const written = writeRun(out, result);
  appendStepSummary(ctx.env, renderMarkdown(result));
  report(result, written, flags, ctx);
  return exitCodeOf(result.verdict, interrupted);
}

function report(r: RunResult, written: string[], flags: RunFlags, ctx: CliContext): void {
  const color = useColor(ctx);
  if (flags.json) {
    ctx.stdout.write(`${jsonForTerminal(r)}\n`);
    // stdout stays one JSON document; the verdict line still ends the terminal's output.
    return void ctx.stderr.write(`${renderVerdictLine(r.verdict!, { color: useColor(ctx, ctx.stderr) })}\n`);
  }
  if (!flags.quiet) {
    const width = outputWidth(ctx);
    ctx.stdout.write(`${renderSummary(r, { color, width })}\n${renderTimelines(r, { color, width })}\n`);
    ctx.stdout.write(`${wrapLine(`files: ${escapeTerminal(written.map(displayPath).join(', '))}`, width, 'files: '.length).join('\n')}\n`);
  }
  ctx.stdout.write(`${renderVerdictLine(r.verdict!, { color, width: outputWidth(ctx) })}\n`);
}
