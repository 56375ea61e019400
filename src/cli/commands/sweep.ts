import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import {
  ConfigError,
  EXIT,
  loadScenario,
  parseVary,
  renderSweep,
  renderSweepHtml,
  planSweep,
  runSweep,
  strategiesAxis,
  verifyLive,
  type SweepResult,
} from '../../index.js';
import { interruptionOf, useColor, type CliContext } from '../context.js';
import { outputWidth } from '../width.js';
import { planGates } from '../gating.js';
import { prepareOutDir, SWEEP_FILES, withOutDir } from '../out-dir.js';
import { displayPath } from '../result-files.js';
import { writeFilesAtomically } from '../write-files.js';
import { liveCheckProgress, sweepProgress } from '../progress.js';
import { addSetOption, parseIntFlag, parseMode, parseTimeScale, scenarioInputs } from './shared-options.js';
import { escapeTerminal, jsonForTerminal } from '../../report/text/escape.js';
import { wrapLine } from '../../report/text/wrap.js';

interface SweepFlags {
  vary?: string[];
  strategies?: string;
  set?: string[];
  seed?: number;
  timeScale?: number;
  mode: 'live' | 'sim';
  threads?: number;
  gate?: string[];
  gates?: boolean;
  findMin?: string;
  findMax?: string;
  verifyLive?: number;
  out?: string;
  force?: boolean;
  quiet?: boolean;
  json?: boolean;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function registerSweep(program: Command, ctx: CliContext): void {
  addSetOption(
    program
      .command('sweep')
      .description('what-if: run one scenario in virtual time over a grid of field values, rank the points, find the smallest that passes')
      .argument('<scenario>', 'scenario YAML file')
      .option(
        '--vary <PATH=VALUES>',
        'a field and its values: a list (service.capacity=10,20,50) or a range (service.workers=2..8, traffic.phases[1].rate=50..500:50); repeatable',
        collect,
      )
      .option('--strategies <list>', 'also vary the strategy (comma-separated: reject-429,priority-shed,persistent)'),
  )
    .option('--seed <n>', 'override the scenario seed (every point runs with the same seed)', parseIntFlag('--seed'))
    .option('--time-scale <k>', 'multiply traffic phase durations and fault times by k', parseTimeScale)
    .option('--mode <mode>', 'sim only: a sweep runs in virtual time (see --verify-live for live re-runs)', parseMode, 'sim')
    .option('--threads <n>', 'worker threads running points at once (default: the number of cores)', parseIntFlag('--threads', 256, 1))
    .option('--gate <expr>', "a gate every point is judged by (repeatable; adds to the scenario's gates)", collect)
    .option(
      '--gates',
      'refuse a sweep that has no gate to judge its points by (points are always judged by their gates and pass only when the run would PASS; a search refuses that anyway)',
    )
    .option('--find-min <paths>', 'report the smallest passing point, smallest by these varied fields in order (service.workers,service.capacity)')
    .option('--find-max <path>', 'the largest value of the one varied field that passes every gate, by bisection (runs only the points it needs)')
    .option(
      '--verify-live <n>',
      're-run the first n frontier points live and set their outcome fractions beside the sim ones',
      parseIntFlag('--verify-live', 100),
    )
    .option('--out <dir>', `where to write ${SWEEP_FILES.json} and ${SWEEP_FILES.html} (default: a new reports/<time>-<random>-<scenario>-sweep)`)
    .option('--force', "let --out replace another run's files in that folder")
    .option('--quiet', 'no tables; exit code and files only')
    .option('--json', 'print sweep.json to stdout instead of the tables')
    // A stray value is checked in the action, to say which flag it may have been meant for.
    .allowExcessArguments(true)
    .action(async (file: string, flags: SweepFlags, command: Command) => {
      const stray = command.args.slice(1);
      if (stray.length > 0)
        throw new ConfigError(
          `sweep takes one scenario file, and also got ${stray.map((a) => JSON.stringify(a)).join(', ')}; a gate expression goes after --gate ("--gate 'shed == 0'"), and --gates takes no value`,
          'GD_ERR_USAGE',
        );
      ctx.exitCode = await sweepCommand(file, flags, ctx);
    });
}

async function sweepCommand(file: string, flags: SweepFlags, ctx: CliContext): Promise<number> {
  if (flags.mode === 'live')
    throw new ConfigError('--mode live: a sweep runs every point in virtual time; re-run its frontier live with --verify-live N', 'GD_ERR_USAGE');
  const axes = [...(flags.strategies ? [strategiesAxis(flags.strategies)] : []), ...(flags.vary ?? []).map(parseVary)];
  const load = (sets: string[]) =>
    loadScenario(file, { seed: flags.seed, timeScale: flags.timeScale, ...scenarioInputs({ set: [...(flags.set ?? []), ...sets] }, ctx) });
  const base = load([]); // the file itself, and the gates, are checked before any point
  const gates = planGates(base, { gate: flags.gate }).exprs;
  const findMin = flags.findMin?.split(',').map((p) => p.trim());
  // Made once the plan holds: a sweep refused before any point leaves no timer behind.
  let progress: ReturnType<typeof sweepProgress> | undefined;
  const onPoint = flags.quiet ? undefined : (_: unknown, done: number) => progress?.onPoint(done);
  // Every point's scenario is validated before the folder is made and before any point runs.
  const plan = planSweep({
    axes,
    load,
    gates,
    requireGates: flags.gates,
    threads: flags.threads ?? availableParallelism(),
    findMin,
    findMax: flags.findMax,
    signal: ctx.signal,
    onPoint,
  });
  const dir = prepareOutDir(flags.out, { scenario: base.name, suffix: 'sweep', force: flags.force });
  return withOutDir(dir, async (out) => {
    progress = flags.quiet ? undefined : sweepProgress(ctx, plan.grid.length);
    const sweep = await runSweep(plan).finally(() => progress?.stop());
    if (flags.verifyLive && !ctx.signal.aborted)
      sweep.verify = await verifyLive(sweep, flags.verifyLive, load, {
        signal: ctx.signal,
        workDir: (i) => join(out, `live-${i}`),
        progress: flags.quiet ? undefined : liveCheckProgress(ctx),
      });
    const written = writeFilesAtomically(out, { [SWEEP_FILES.json]: `${JSON.stringify(sweep, null, 2)}\n`, [SWEEP_FILES.html]: renderSweepHtml(sweep) });
    if (flags.json) ctx.stdout.write(`${jsonForTerminal(sweep)}\n`);
    else if (!flags.quiet)
      ctx.stdout.write(
        `${renderSweep(sweep, { color: useColor(ctx), width: outputWidth(ctx) })}\n${wrapLine(`files: ${escapeTerminal(written.map(displayPath).join(', '))}`, outputWidth(ctx), 'files: '.length).join('\n')}\n`,
      );
    return exitCode(sweep, ctx);
  });
}

/**
 * A sweep explores: it passes whatever its points did, unless a search found nothing (1), a live
 * check ran invalid (4: its fractions say nothing about the strategy) or it was interrupted.
 */
function exitCode(s: SweepResult, ctx: CliContext): number {
  const interrupted = interruptionOf(ctx);
  if (interrupted) return interrupted.signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
  if (s.search && s.search.found === null) return EXIT.gateFailed;
  return s.verify?.some((c) => !c.live_valid) ? EXIT.invalidRun : EXIT.ok;
}
