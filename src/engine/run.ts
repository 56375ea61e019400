import { ConfigError, Ledger, RealClock, type AbortRecord, type CrashReport, type JournalEvent, type FaultFiring, type RunResult } from '../model/index.js';
import { parseConditions, type Condition } from '../gate/index.js';
import { buildPlan, serviceCluster, type Plan, type Scenario } from '../scenario/index.js';
import type { RequestBudget } from '../backend/index.js';
import type { RunListener } from './events.js';
import type { Harness } from './harness.js';
import { createChildHarness } from './child-harness.js';
import { createClusterHarness } from './cluster-harness.js';
import { createExternalHarness } from './external-harness.js';
import { createLiveHarness, runBudget } from './live-harness.js';
import { checkUpstream } from './front-door.js';
import { openAnyRunStore, recordDeadLetters, recordUnfinished, tempWorkDir, type RunStore } from './run-store.js';
import { checkBackendHost, preflight, usesChildProcess } from './preflight.js';
import { checkTargets } from './targets.js';
import { createSimHarness } from './sim-harness.js';
import { scheduleCrashes } from '../fault/index.js';
import { deliveryDiscrepancies, DepthSeries, disturbanceWindow, faultsOver, journalEntry, requestRows, summarize } from '../analysis/index.js';
import { watchQueueEmpty } from './recovery-watch.js';
import { watchAbort } from './abort-watch.js';
import { misrouteWords, watchMisroute } from './misroute-watch.js';
import { everyRunSecond, everyWallSeconds, sampleDepth, tick } from './run-timers.js';
import { GAMEDAY_VERSION } from './version.js';
import { judgeByEffect, type SimRun } from './replay.js';
import { offerLoad } from './offer-load.js';
import { machineLoad, machineNow, type MachineNow } from './machine.js';

export interface RunOptions {
  mode?: 'live' | 'sim';
  signal?: AbortSignal;
  onEvent?: RunListener;
  /**
   * Where the run keeps working files: the persistent strategy's queue file (queue.db) unless
   * the scenario names one. The CLI passes the --out folder. Default: a temporary folder,
   * removed after the run.
   */
  workDir?: string;
  /**
   * A request cap shared with other runs (a comparison's `--max-requests` is one budget for all
   * its strategies). Default: the scenario's `backend.maxRequests`, for this run alone.
   */
  requestBudget?: RequestBudget;
  /**
   * Abort conditions besides the scenario's `abort:` (the CLI's `--abort`), e.g. `lost > 50`,
   * `drop_rate[10s] > 5%`: checked about once a second; the first breach stops the traffic.
   */
  abort?: string[];
  /** Also record every request in the result (its `requests` section: id, priority, intended time, outcome, attempts, latency, answer). @default false */
  requests?: boolean;
  /** Let the mock listen on a non-loopback `backend.host` (the CLI's `--allow-remote-backend`). @default false */
  allowRemoteBackend?: boolean;
  /** Hosts beyond this machine the run may reach, `host` or `host:port` (the CLI's `--target`). @default none */
  targets?: string[];
  /**
   * When each arrival leaves instead of its planned time (ms on the run's clock; negative: never
   * sent), by plan index. The plan's times stay the intended ones, so the run is judged as late
   * as these make it: how a replay re-runs a live run's real send times in virtual time, and how
   * tests inject lateness.
   */
  sendTimes?: Float64Array;
  /**
   * Measure the effect of a late generator by replaying the run in virtual time, on time and as
   * sent (result.validity.replay), whenever its arrivals were displaced. @default true
   */
  replay?: boolean;
}

const IDLE_POLL_MS = 25;
/** A simulation says how far it got this often (wall seconds): a long one takes minutes, a short one ends first and says nothing. */
const SIM_PROGRESS_EVERY_S = 2;
/** After an abort the service drains this long at most (or the scenario's drain, if shorter). */
export const ABORT_DRAIN_MS = 5000;

/** Runs one scenario end to end and returns its reconciled result. */
export async function runScenario(scenario: Scenario, opts: RunOptions = {}): Promise<RunResult> {
  const mode = opts.mode ?? 'live';
  preflight(scenario, mode);
  checkBackendHost(scenario, opts.allowRemoteBackend ?? false);
  checkTargets(scenario, opts.targets);
  // Checked before anything starts: a bad condition is bad input, not a failed run.
  const conditions = parseConditions([...scenario.abort, ...(opts.abort ?? [])], 'abort condition', true);
  parseConditions(scenario.hypothesis?.steadyState ?? [], 'steady-state expression', false);
  const plan = buildPlan(scenario.traffic, scenario.seed);
  const ledger = new Ledger(plan.count, plan.priority, plan.at);
  const startedAt = new Date();
  const wallStart = performance.now();
  const machineAtStart = machineNow();
  const temp = opts.workDir === undefined ? tempWorkDir() : undefined;
  let store: RunStore | undefined;
  try {
    // Before anything starts: a bad queue file fails here, with nothing half done.
    store = await openAnyRunStore(scenario, () => opts.workDir ?? temp!.dir(), ledger.ids.nonce);
    if (mode === 'sim') {
      const h = createSimHarness(scenario, ledger, store);
      const r = await h.clock.run(drive(scenario, plan, ledger, h, mode, opts, conditions, store));
      return await judgeByEffect(finish(r, startedAt, wallStart, machineAtStart), scenario, ledger, opts, simulate);
    }
    // With the real API, the model is checked at the API before anything starts, and the door
    // charges what it sends to the run's budget.
    const door = scenario.backend.kind === 'claude' ? await checkUpstream(scenario, opts.requestBudget ?? runBudget(scenario)!) : undefined;
    const h = await createLive(door?.scenario ?? scenario, ledger, store, opts.requestBudget, opts.workDir);
    if (door) {
      const read = h.backendStats;
      h.backendStats = () => door.charge(read());
    }
    const r = await drive(scenario, plan, ledger, h, mode, opts, conditions, store);
    return await judgeByEffect(finish(r, startedAt, wallStart, machineAtStart), scenario, ledger, opts, simulate);
  } finally {
    await store?.close();
    temp?.cleanup();
  }
}

function createLive(s: Scenario, ledger: Ledger, store: RunStore | undefined, budget: RequestBudget | undefined, workDir?: string): Promise<Harness> {
  if (s.service.url !== undefined) return createExternalHarness(s, ledger, new RealClock(), workDir);
  // preflight made sure service.processes comes with a Redis queue.
  if (serviceCluster(s.service) && store?.kind === 'redis') return createClusterHarness(s, ledger, store);
  return usesChildProcess(s)
    ? createChildHarness(s, ledger, store)
    : createLiveHarness(s, ledger, new RealClock(), store?.store, budget, store?.kind === 'redis' ? store.shared : undefined);
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

async function drive(
  s: Scenario,
  plan: Plan,
  ledger: Ledger,
  h: Harness,
  mode: 'live' | 'sim',
  opts: RunOptions,
  conditions: Condition[],
  store?: RunStore,
): Promise<RunResult> {
  // Every fault that fired, as it fired: result.json lists each scheduled fault with when it did.
  const fired: FaultFiring[] = [];
  // ...and the journal's entries for what only the run sees happen (crashes, restarts, the drain, an abort).
  const observed: JournalEvent[] = [];
  const emit: RunListener = (e) => {
    if (e.type === 'fault') fired.push({ kind: e.kind, at_ms: e.atMs });
    const entry = e.type === 'start' || e.type === 'tick' ? undefined : journalEntry(e);
    if (entry) observed.push(entry);
    opts.onEvent?.(e);
  };
  const drainMs = s.traffic.drain;
  await h.begin().catch(async (e: unknown) => {
    await h.close();
    throw e;
  });
  const queue = store?.kind === 'redis' ? { url: store.url, runId: store.runId, prefix: store.prefix, backend: h.reachableBackend } : undefined;
  emit({ type: 'start', scenario: s.name, strategy: s.service.strategy.type, mode, scheduled: plan.count, trafficMs: plan.trafficMs, drainMs, queue });
  const depth = new DepthSeries();
  const crashes: CrashReport[] = [];
  const stopSampling = sampleDepth(h, depth);
  const progress = { launched: 0 };
  const crashFaults = scheduleCrashes(s.faults, h, crashes, ledger, emit);
  const cancelCrashes = () => crashFaults.cancel();
  const queueEmpty = watchQueueEmpty(h, disturbanceWindow(s).end_ms);
  // The run ends at traffic + drain (or on an interrupt), however many clients are still retrying.
  const deadline = new AbortController();
  const endRun = () => deadline.abort();
  let runEnd = plan.trafficMs + drainMs;
  let cancelDeadline = h.clock.setTimer(runEnd, endRun);
  const drain = { ms: drainMs, ends: () => Math.max(runEnd, crashFaults.holdUntil(drainMs)) }; // where the progress line says the drain ends
  const stopTicks = tick(h, plan, ledger, progress, drain, emit, mode === 'live' ? everyRunSecond(h) : everyWallSeconds(SIM_PROGRESS_EVERY_S));
  // An abort stops the arrivals (those not yet due are not sent, and not lost) and shortens the drain.
  const trafficStop = new AbortController();
  let aborted: AbortRecord | undefined;
  let stoppedAt: number | undefined;
  const stopAbortWatch = watchAbort(h, ledger, {
    conditions,
    horizonMs: s.client.timeout,
    model: s.backend.model,
    untilMs: plan.trafficMs,
    onTrip: (trip) => {
      aborted = trip;
      stoppedAt = h.clock.now();
      emit({ type: 'abort', atMs: trip.at_ms, expr: trip.expr, detail: trip.detail });
      trafficStop.abort();
      crashFaults.cancelUnfired();
      cancelDeadline();
      runEnd = Math.min(runEnd, h.clock.now() + Math.min(drainMs, ABORT_DRAIN_MS));
      cancelDeadline = h.clock.setTimer(runEnd - h.clock.now(), endRun);
    },
  });
  opts.signal?.addEventListener('abort', endRun, { once: true });
  if (opts.signal?.aborted) endRun(); // interrupted before the run began: nothing is sent
  const answers = new Map<string, number>();
  // Your service refusing gameday's very first requests (404, 401…) is a wrong URL or missing credentials: stop, and say so.
  let misrouted: string | undefined;
  const stopMisrouteWatch =
    s.service.url === undefined
      ? () => undefined
      : watchMisroute(answers, h.clock, (words) => {
          misrouted = words;
          endRun();
        });
  try {
    const elu = mode === 'live' ? performance.eventLoopUtilization() : undefined;
    const stats = await offerLoad(
      s,
      plan,
      ledger,
      h,
      progress,
      answers,
      { run: deadline.signal, traffic: AbortSignal.any([deadline.signal, trafficStop.signal]), stoppedAt: () => stoppedAt },
      mode,
      opts.sendTimes,
    );
    // Arrivals an abort or an interrupt kept from being due are not sent, never lost. (A generator
    // still launching at the run's natural end has none: every arrival was due by then.)
    const stoppedEarly = () => aborted !== undefined || opts.signal?.aborted === true;
    if (stats.cutAt !== undefined && stoppedEarly()) ledger.stopTraffic(stats.cutAt);
    const generator = {
      ...stats,
      eventLoopUtilization: elu ? performance.eventLoopUtilization(elu).utilization : null,
      connections: h.transport.connections ?? null,
    };
    emit({ type: 'phase', name: 'traffic-done', atMs: h.clock.now() });
    // An empty queue does not end the run while a fault is still to come or still going.
    stopAbortWatch();
    // Nor does it end while a killed service is still to restart, whatever the store: a late kill is followed by its restart and recovery.
    const notBefore = () => (crashFaults.restarting() ? Infinity : aborted ? 0 : faultsOver(s));
    const drained = await waitForDrain(h, () => Math.max(runEnd, crashFaults.holdUntil(drainMs)), notBefore, opts.signal);
    emit({ type: 'phase', name: drained === null ? 'drain-timeout' : 'drained', atMs: h.clock.now() });
    cancelCrashes();
    stopSampling();
    stopTicks();
    await h.settle();
    if (store) recordDeadLetters(await store.deadLetters(), ledger, h.clock.now());
    // A run stopped early cut the drain short: what a durable queue still holds is there, and a
    // request still waiting for its answer was cut by the stop; neither is lost.
    if (stoppedEarly()) ledger.stopEarly();
    const unfinished = stoppedEarly() ? await recordUnfinished(store, ledger, () => h.settle()) : undefined;
    // A call answered during the store's read (a joined worker's duplicate) joins the ledger now,
    // so the backend's tally and the ledger below are read at one instant, no await between.
    if (store && !unfinished) await h.settle();
    crashFaults.finish(h.clock.now());
    const result = summarize({
      scenario: s,
      mode,
      plan,
      ledger,
      generator,
      depth,
      answers,
      crashes: [...crashes, ...h.deaths].sort((a, b) => a.at_ms - b.at_ms),
      backend: h.backendStats(),
      service: h.counters(),
      sharedQueue: store?.kind === 'redis',
      drainMs: drained === null ? null : Math.max(0, drained - (aborted?.at_ms ?? plan.trafficMs)),
      runMs: h.clock.now(),
      queueEmptyAt: queueEmpty.at(),
      faultsFired: fired,
      observed,
      abort: aborted,
      trafficCutAt: stoppedEarly() ? stats.cutAt : undefined,
      wall: { started_at: '', elapsed_ms: 0, gameday_version: GAMEDAY_VERSION },
    });
    if (unfinished) result.unfinished_at_stop = unfinished;
    if (opts.requests) result.requests = requestRows(ledger);
    Object.assign(result, h.extras?.());
    // Your service's deliveries are heard outside the ledger's facts: what did not add up joins the rest.
    result.discrepancies.push(...deliveryDiscrepancies(result.delivery));
    const wrong = misrouted ?? (s.service.url === undefined ? undefined : misrouteWords(answers, 1));
    if (wrong) throw new ConfigError(`${s.source}: service.url ${s.service.url} ${wrong}; nothing was measured`, 'GD_ERR_SERVICE');
    return result;
  } finally {
    cancelDeadline();
    stopAbortWatch();
    stopMisrouteWatch();
    opts.signal?.removeEventListener('abort', endRun);
    cancelCrashes();
    queueEmpty.stop();
    stopSampling();
    stopTicks();
    await h.close();
  }
}

/** Waits until the service is idle (nothing queued or in flight) or the deadline; returns when it went idle, or null. */
async function waitForDrain(h: Harness, deadline: () => number, notBefore: () => number, signal?: AbortSignal): Promise<number | null> {
  while (h.clock.now() < deadline() && !signal?.aborted) {
    if (h.clock.now() >= notBefore() && h.idle()) return h.clock.now();
    await h.clock.sleep(Math.min(IDLE_POLL_MS, deadline() - h.clock.now()));
  }
  return h.idle() ? h.clock.now() : null;
}
