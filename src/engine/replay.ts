import { ConfigError, FIGURE_SECTIONS, OUTCOMES, type Ledger, type Outcome, type ReplayFigures, type RunReplay, type RunResult } from '../model/index.js';
import { maxOf } from '../units/index.js';
import type { Scenario } from '../scenario/index.js';
import { decideValidity } from '../analysis/index.js';
import { getStrategy } from '../strategy/index.js';
import { faultModule } from '../fault/index.js';

/** Runs a scenario in virtual time (the engine's own runScenario, passed in so this file need not import it back). */
export type SimRun = (s: Scenario, sendTimes?: Float64Array) => Promise<RunResult>;

/**
 * A run whose arrivals left late gets its effect measured (a replay in virtual time) and its
 * validity decided again with it and with the machine's load, before any gate is known (the CLI
 * decides again with its gates). An on-time run keeps what summarize decided. An aborted,
 * interrupted or called-off (not run) run is not replayed: its verdict says so already.
 */
export async function judgeByEffect(
  r: RunResult,
  s: Scenario,
  ledger: Ledger,
  opts: { replay?: boolean; signal?: AbortSignal },
  sim: SimRun,
): Promise<RunResult> {
  if ((r.validity.displacement?.arrivals ?? 0) === 0) return r;
  const calledOff = r.hypothesis?.gate?.held === false;
  if (opts.replay !== false && !r.abort && !calledOff && !opts.signal?.aborted) r.validity.replay = await replayEffect(s, ledger, sim);
  r.validity = decideValidity(r, s.traffic.tolerance);
  return r;
}

/**
 * The generator's own effect on the counts, measured: the same strategy, seed and faults run in
 * virtual time twice, once with every arrival on time and once with each arrival leaving when it
 * really left in the live run (never, for one never sent). The difference is what the lateness
 * did, in the model of this service; the live run's other differences from sim cancel out.
 * Your own service (service.url) cannot be replayed: there the 2·D bound stands alone.
 */
export async function replayEffect(s: Scenario, ledger: Ledger, sim: SimRun): Promise<RunReplay | { skipped: string }> {
  const replayable = replayScenario(s);
  if (typeof replayable === 'string') return { skipped: replayable };
  try {
    const onTime = await sim(replayable);
    const asSent = await sim(replayable, ledger.sentAt.slice());
    const difference = Object.fromEntries(OUTCOMES.map((o) => [o, asSent.totals[o] - onTime.totals[o]])) as Record<Outcome, number>;
    return {
      on_time: figures(onTime),
      as_sent: figures(asSent),
      difference,
      max_difference: maxOf(Object.values(difference).map(Math.abs)),
    };
  } catch (e) {
    // A replay is evidence, not the run: one that cannot be made leaves the bound to decide.
    if (e instanceof ConfigError) return { skipped: `the replay could not run: ${e.message}` };
    throw e;
  }
}

/**
 * The scenario as the replay runs it: no abort conditions and no hypothesis (they judge the live
 * run, not its counts), its queue in a temporary file of its own (never the live run's), and a
 * Redis queue simulated by the same strategy on SQLite. A string says why it cannot be replayed.
 */
function replayScenario(s: Scenario): Scenario | string {
  if (s.service.url !== undefined) return 'your own service (service.url) cannot be replayed in virtual time; the 2·D bound decides';
  if (s.backend.kind !== 'mock') return 'a run on the real API cannot be replayed in virtual time; the 2·D bound decides';
  const strategy = { ...s.service.strategy };
  if (getStrategy(strategy.type).storeSpec) {
    const { path: _path, url: _url, ...options } = strategy.options as Record<string, unknown>;
    strategy.options = { ...options, ...(options.store === 'redis' && { store: 'sqlite' }) };
  }
  const { processes: _processes, ...service } = s.service;
  // Your commands act on the real world, not on the model: the replay measures the generator without them.
  const faults = s.faults.filter((f) => faultModule(f).liveOnly === undefined);
  return { ...s, abort: [], hypothesis: undefined, rollbacks: [], faults, service: { ...service, strategy } } as Scenario;
}

function figures(r: RunResult): ReplayFigures {
  return Object.fromEntries(FIGURE_SECTIONS.map((s) => [s, r[s]])) as ReplayFigures;
}
