import { join } from 'node:path';
import type { Command } from 'commander';
import {
  ConfigError, EXIT, loadScenario, renderCompareCharts, renderCompareMarkdown, renderCompareTable, runScenario, strategyNames, type RunResult,
} from '../../index.js';
import { useColor, type CliContext } from '../context.js';
import { applyGates, gatesPass, planGates } from '../gating.js';
import { progressPrinter } from '../progress.js';
import { compareFiles, displayPath } from '../result-files.js';
import { appendStepSummary, defaultOutDir, writeFilesAtomically } from '../write-files.js';
import { interrupted } from './run.js';
import { addRunOptions, scenarioInputs } from './shared-options.js';

interface CompareFlags {
  strategies?: string;
  seed?: number;
  timeScale?: number;
  mode: 'live' | 'sim';
  out?: string;
  gate?: string[];
  maxRequests?: number;
  quiet?: boolean;
  json?: boolean;
  expectFail?: string[];
  set?: string[];
}

export function registerCompare(program: Command, ctx: CliContext): void {
  addRunOptions(
    program
      .command('compare')
      .description('the same seeded traffic against several strategies, side by side')
      .argument('<scenario>', 'scenario YAML file')
      .option('--strategies <list>', 'comma-separated strategies (default: all)'),
  )
    .option('--expect-fail <strategy>', 'a strategy whose gates are expected to fail (exit 1 if it passes)', (v: string, p: string[] = []) => [...p, v])
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
  const quiet = flags.quiet || flags.json;
  const results: RunResult[] = [];
  const out = flags.out ?? defaultOutDir(scenarios[0].name, 'compare');
  for (const s of scenarios) {
    // Each strategy's working files (a persistent queue file) go next to its result.json.
    const workDir = join(out, s.service.strategy.type);
    const r = await runScenario(s, { mode: flags.mode, signal: ctx.signal, onEvent: quiet ? undefined : progressPrinter(ctx), workDir, requestBudget });
    if (ctx.signal.aborted) return interrupted(ctx);
    results.push(applyGates(r, gates));
  }
  const written = writeFilesAtomically(out, compareFiles(results));
  appendStepSummary(ctx.env, renderCompareMarkdown(results));
  if (flags.json) ctx.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else if (!flags.quiet) {
    const color = useColor(ctx);
    ctx.stdout.write(`\n${renderCompareTable(results, { color })}\n${renderCompareCharts(results, { color })}\n`);
    ctx.stdout.write(`files: ${displayPath(out)}/ (${written.length} files)\n`);
  }
  return verdict(results, flags.expectFail ?? [], ctx);
}

function chooseStrategies(flags: CompareFlags): string[] {
  const all = strategyNames();
  const chosen = flags.strategies ? flags.strategies.split(',').map((s) => s.trim()).filter(Boolean) : all;
  for (const s of [...chosen, ...(flags.expectFail ?? [])]) {
    if (!all.includes(s)) throw new ConfigError(`--strategies: unknown strategy ${JSON.stringify(s)}; expected one of: ${all.join(', ')}`, 'GD_ERR_STRATEGY');
  }
  for (const s of flags.expectFail ?? []) {
    if (!chosen.includes(s)) throw new ConfigError(`--expect-fail ${s}: that strategy is not in --strategies`, 'GD_ERR_USAGE');
  }
  return chosen;
}

/** Exit 4 when any strategy's run is invalid; 1 when a strategy fails unexpectedly, or an expected failure passes. */
function verdict(results: RunResult[], expectFail: string[], ctx: CliContext): number {
  const invalid = results.filter((r) => !r.validity.valid);
  for (const r of invalid) ctx.stderr.write(`gameday: ${r.strategy}: invalid run: ${r.validity.reasons.join('; ')}\n`);
  if (invalid.length > 0) return EXIT.invalid;
  let ok = true;
  for (const r of results) {
    const expected = expectFail.includes(r.strategy);
    const passed = gatesPass(r);
    if (passed === expected) {
      ok = false;
      const failing = r.gates.filter((g) => !g.pass).map((g) => `${g.expr} (measured ${g.value ?? 'no data'})`);
      ctx.stderr.write(`gameday: ${r.strategy}: ${passed ? 'gates passed but were expected to fail (--expect-fail)' : `gate failed: ${failing.join(', ')}`}\n`);
    }
  }
  return ok ? EXIT.ok : EXIT.gateFailed;
}
