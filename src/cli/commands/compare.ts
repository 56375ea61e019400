import { join } from 'node:path';
import type { Command } from 'commander';
import {
  checkBackendHost,
  checkTargets,
  preflight,
  combineVerdicts,
  computeVerdict,
  ConfigError,
  exitCodeOf,
  loadScenario,
  renderCompareCharts,
  renderCompareMarkdown,
  renderCompareTable,
  renderVerdictBlock,
  runScenario,
  strategyNames,
  type Interruption,
  type RequestBudget,
  type RunResult,
  type Scenario,
} from '../../index.js';
import { interruptionOf, useColor, type CliContext } from '../context.js';
import { outputWidth } from '../width.js';
import { applyGates, planGates, type GatePlan } from '../gating.js';
import { prepareOutDir, withOutDir } from '../out-dir.js';
import { progressPrinter } from '../progress.js';
import { compareFiles, displayPath } from '../result-files.js';
import { appendStepSummary, writeFilesAtomically } from '../write-files.js';
import { addRunOptions, scenarioInputs } from './shared-options.js';
import { checkMetricsFlags, listeners, withLiveMetrics, type LiveMetrics, type MetricsFlags } from '../live-metrics.js';
import { escapeTerminal, jsonForTerminal } from '../../report/text/escape.js';

interface CompareFlags extends MetricsFlags {
  strategies?: string;
  seed?: number;
  timeScale?: number;
  mode: 'live' | 'sim';
  out?: string;
  force?: boolean;
  gate?: string[];
  maxRequests?: number;
  quiet?: boolean;
  json?: boolean;
  requests?: boolean;
  expectFail?: string[];
  set?: string[];
  allowRemoteBackend?: boolean;
  target?: string[];
}

export function registerCompare(program: Command, ctx: CliContext): void {
  addRunOptions(
    program
      .command('compare')
      .description('the same seeded traffic against several strategies, side by side')
      .argument('<scenario>', 'scenario YAML file')
      .option('--strategies <list>', 'comma-separated strategies (default: all)'),
  )
    .option(
      '--expect-fail <strategy>',
      'a strategy whose gates are expected to fail: its failure passes (exit 1 if it passes); repeatable',
      (v: string, p: string[] = []) => [...p, v],
    )
    .action(async (file: string, flags: CompareFlags) => {
      ctx.exitCode = await compareCommand(file, flags, ctx);
    });
}

async function compareCommand(file: string, flags: CompareFlags, ctx: CliContext): Promise<number> {
  const strategies = chooseStrategies(flags);
  // Validate every variant (and the gates) before running any of them.
  const scenarios = strategies.map((strategy) => loadScenario(file, { strategy, seed: flags.seed, timeScale: flags.timeScale, ...scenarioInputs(flags, ctx) }));
  for (const s of scenarios) if (flags.maxRequests) s.backend.maxRequests = flags.maxRequests;
  // One cap for the whole comparison, not one per strategy: --max-requests 5 sends at most 5.
  const cap = scenarios[0].backend.maxRequests;
  const requestBudget = cap ? { cap, used: 0 } : undefined;
  const gates = planGates(scenarios[0], flags);
  for (const s of scenarios) {
    checkBackendHost(s, flags.allowRemoteBackend ?? false);
    checkTargets(s, flags.target);
    preflight(s, flags.mode);
  }
  checkMetricsFlags(flags);
  const dir = prepareOutDir(flags.out, { scenario: scenarios[0].name, suffix: 'compare', force: flags.force });
  return withOutDir(dir, (out) => withLiveMetrics(flags, ctx, (metrics) => compareInto(out, strategies, scenarios, gates, flags, ctx, requestBudget, metrics)));
}

async function compareInto(
  out: string,
  strategies: string[],
  scenarios: Scenario[],
  gates: GatePlan,
  flags: CompareFlags,
  ctx: CliContext,
  requestBudget: RequestBudget | undefined,
  metrics: LiveMetrics | undefined,
): Promise<number> {
  const quiet = flags.quiet || flags.json;
  const expectFail = flags.expectFail ?? [];
  const results: RunResult[] = [];
  let interrupted: Interruption | undefined;
  for (const s of scenarios) {
    // Each strategy's working files (a persistent queue file) go next to its result.json.
    const workDir = join(out, s.service.strategy.type);
    const measured = await runScenario(s, {
      mode: flags.mode,
      signal: ctx.signal,
      onEvent: listeners(quiet ? undefined : progressPrinter(ctx), metrics?.onEvent),
      onCompletion: metrics?.onCompletion,
      workDir,
      requestBudget,
      requests: flags.requests,
      allowRemoteBackend: flags.allowRemoteBackend,
      targets: flags.target,
      env: ctx.env,
    });
    metrics?.finish(measured);
    const r = applyGates(measured, gates);
    // The strategy running when the interrupt came is kept and marked; the ones after it never start.
    interrupted = interruptionOf(ctx);
    r.verdict = computeVerdict(r, {
      interrupted: interrupted && { ...interrupted, at_ms: r.duration_ms.run },
      expectedFailure: expectFail.includes(r.strategy),
    });
    results.push(r);
    if (interrupted) break;
  }
  const notRun = strategies.slice(results.length);
  const verdict = combineVerdicts(results, notRun);
  const written = writeFilesAtomically(out, compareFiles(results, verdict, notRun));
  appendStepSummary(ctx.env, renderCompareMarkdown(results, verdict));
  const color = useColor(ctx);
  if (flags.json) ctx.stdout.write(`${jsonForTerminal(results)}\n`);
  else if (!flags.quiet) {
    const width = outputWidth(ctx);
    ctx.stdout.write(`\n${renderCompareTable(results, { color, width })}\n${renderCompareCharts(results, { color, width })}\n`);
    ctx.stdout.write(`files: ${escapeTerminal(displayPath(out))}/ (${written.length} files)\n`);
  }
  // stdout stays one JSON document under --json; the verdict line still ends the terminal's output.
  const last = flags.json ? ctx.stderr : ctx.stdout;
  last.write(`${renderVerdictBlock(verdict, { color: useColor(ctx, last), width: outputWidth(ctx, last) })}\n`);
  return exitCodeOf(verdict, interrupted);
}

function chooseStrategies(flags: CompareFlags): string[] {
  const all = strategyNames();
  const chosen = flags.strategies
    ? flags.strategies
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : all;
  for (const s of [...chosen, ...(flags.expectFail ?? [])]) {
    if (!all.includes(s)) throw new ConfigError(`--strategies: unknown strategy ${JSON.stringify(s)}; expected one of: ${all.join(', ')}`, 'GD_ERR_STRATEGY');
  }
  for (const s of flags.expectFail ?? []) {
    if (!chosen.includes(s)) throw new ConfigError(`--expect-fail ${s}: that strategy is not in --strategies`, 'GD_ERR_USAGE');
  }
  return chosen;
}
