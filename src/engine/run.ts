import { Ledger, type RunResult } from '../model/index.js';
import { VirtualClock } from '../time/index.js';
import { parseConditions } from '../gate/index.js';
import { buildPlan, type Scenario } from '../scenario/index.js';
import { chooseHarness } from './harness/choose.js';
import { checkUpstream } from './mock/front-door.js';
import { runBudget } from './harness/live.js';
import { readyProbes } from './watch/health-probes.js';
import { openQueueStore, tempWorkDir, type RunStore } from './queue/run-store.js';
import { checkBackendHost, preflight } from './preflight.js';
import { checkTargets } from './targets.js';
import { GAMEDAY_VERSION } from './version.js';
import { judgeByEffect, type SimRun } from './replay.js';
import { machineLoad, machineNow, type MachineNow } from './machine.js';
import type { RunOptions } from './run-options.js';
import { close, runContext, type RunContext } from './phases/context.js';
import { begin } from './phases/begin.js';
import { offer } from './phases/offer.js';
import { drain } from './phases/drain.js';
import { settle } from './phases/settle.js';
import { summarize } from './phases/summarize.js';

export type { RunOptions } from './run-options.js';

/** The run's phases, in order, over one RunContext; summarize then reads what they left. */
const PHASES: readonly ((ctx: RunContext) => Promise<void>)[] = [begin, offer, drain, settle];

/**
 * Runs one scenario end to end and returns its reconciled result: every check that needs no I/O,
 * the queue store, the harness chosen by its table, then the phases (begin → offer → drain →
 * settle → summarize), and, for a live run whose generator fell behind, the judgment by effect.
 */
export async function runScenario(scenario: Scenario, opts: RunOptions = {}): Promise<RunResult> {
  const mode = opts.mode ?? 'live';
  checkTargets(scenario, opts.targets);
  preflight(scenario, mode);
  checkBackendHost(scenario, opts.allowRemoteBackend ?? false);
  // Checked before anything starts: a bad condition is bad input, not a failed run.
  const conditions = parseConditions([...scenario.abort, ...(opts.abort ?? [])], 'abort condition', true);
  const steadyState = parseConditions(scenario.hypothesis?.steadyState ?? [], 'steady-state expression', false);
  const plan = buildPlan(scenario.traffic, scenario.seed);
  const ledger = new Ledger(plan.count, plan.priority, plan.at);
  const startedAt = new Date();
  const wallStart = performance.now();
  const machineAtStart = machineNow();
  const temp = opts.workDir === undefined ? tempWorkDir() : undefined;
  let store: RunStore | undefined;
  try {
    // Before anything starts: a bad queue file fails here, with nothing half done.
    // Before anything starts too: a probe's header that reads an unset variable is bad input.
    const probes = readyProbes(scenario, opts.env);
    store = await openQueueStore(scenario, () => opts.workDir ?? temp!.dir(), ledger.ids.nonce, mode);
    // With the real API, the model is checked at the API before anything starts, and the door
    // charges what it sends to the run's budget.
    const door = scenario.backend.kind === 'claude' ? await checkUpstream(scenario, opts.requestBudget ?? runBudget(scenario)!) : undefined;
    const inputs = { s: door?.scenario ?? scenario, mode, ledger, store, budget: opts.requestBudget, workDir: opts.workDir, env: opts.env };
    const harness = chooseHarness(inputs);
    const h = await harness.create(inputs);
    if (door) {
      const read = h.backendStats;
      h.backendStats = () => door.charge(read());
    }
    const phases = runPhases(runContext({ s: scenario, plan, ledger, h, mode, opts, conditions, steadyState, probes, store }));
    const r = h.clock instanceof VirtualClock ? await h.clock.run(phases) : await phases;
    r.harness = harness.name;
    return await judgeByEffect(finish(r, startedAt, wallStart, machineAtStart), scenario, ledger, opts, simulate);
  } finally {
    await store?.close();
    temp?.cleanup();
  }
}

async function runPhases(ctx: RunContext): Promise<RunResult> {
  try {
    for (const phase of PHASES) await phase(ctx);
    const result = summarize(ctx);
    // Last, once the run is measured: your undos and rollbacks put back what the faults changed.
    await ctx.commands.restore();
    if (ctx.commands.records.length) result.commands = [...ctx.commands.records];
    return result;
  } finally {
    await close(ctx);
  }
}

function finish(r: RunResult, startedAt: Date, wallStart: number, machineAtStart: MachineNow): RunResult {
  r.wall = {
    started_at: startedAt.toISOString(),
    elapsed_ms: Math.round(performance.now() - wallStart),
    gameday_version: GAMEDAY_VERSION,
    machine: machineLoad(machineAtStart, machineNow()),
  };
  return r;
}

/** A replay's run: the scenario in virtual time with the given send times, not replayed itself. */
const simulate: SimRun = (scenario, sendTimes) => runScenario(scenario, { mode: 'sim', replay: false, sendTimes });
