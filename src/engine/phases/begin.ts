import { faultModule, scheduleCrashes } from '../../fault/index.js';
import { disturbanceWindow } from '../../analysis/index.js';
import { watchAbort } from '../watch/abort.js';
import { watchSteadyState } from '../watch/steady-state.js';
import { checkProbes } from '../watch/health-probes.js';
import { watchMisroute } from '../watch/misroute.js';
import { watchQueueEmpty } from '../watch/recovery.js';
import { everyRunSecond, everyWallSeconds, sampleDepth, tick } from '../watch/timers.js';
import type { RunContext, Watches } from './context.js';

/** A simulation says how far it got this often (wall seconds): a long one takes minutes, a short one ends first and says nothing. */
const SIM_PROGRESS_EVERY_S = 2;
/** After an abort the service drains this long at most (or the scenario's drain, if shorter). */
const ABORT_DRAIN_MS = 5000;

/** Stops the traffic now (arrivals not yet due are not sent), fires no crash fault not yet fired, and cuts the drain short. */
function stopTraffic(ctx: RunContext, w: Watches): void {
  const { h, s } = ctx;
  ctx.stoppedAt = h.clock.now();
  w.trafficStop.abort();
  w.crashFaults.cancelUnfired();
  w.cancelDeadline();
  w.runEnd = Math.min(w.runEnd, h.clock.now() + Math.min(s.traffic.drain, ABORT_DRAIN_MS));
  w.cancelDeadline = h.clock.setTimer(w.runEnd - h.clock.now(), w.endRun);
}

/**
 * The traffic's clock starts: the harness begins (time 0 everywhere), and the run's timers and
 * watches start in a fixed order (a simulation's same-instant timers fire in it): depth sampling,
 * the crash faults, the recovery watch, the run's deadline, progress, abort conditions, the
 * steady-state check (backend faults held until it says go), and the misroute watch on your own service.
 */
export async function begin(ctx: RunContext): Promise<void> {
  const { s, plan, ledger, h, mode, opts, emit } = ctx;
  const drainMs = s.traffic.drain;
  await h.begin();
  const store = ctx.store;
  const queue = store?.kind === 'redis' ? { url: store.url, runId: store.runId, prefix: store.prefix, backend: h.reachableBackend } : undefined;
  const faults = s.faults.map((f) => {
    const [fromMs, toMs] = faultModule(f).window(f);
    return { kind: f.kind, fromMs, toMs };
  });
  emit({
    type: 'start',
    scenario: s.name,
    strategy: s.service.strategy.type,
    run: `gd-${ledger.ids.nonce}`,
    mode,
    scheduled: plan.count,
    trafficMs: plan.trafficMs,
    drainMs,
    faults,
    queue,
  });
  const stopSampling = sampleDepth(h, ctx.depth);
  // A steady state that does not hold where the disturbance starts calls the experiment off: every
  // fault is held until the check says go (a fault a moment early is worse than one a moment late).
  const disturbance = disturbanceWindow(s);
  const gateAt = disturbance.start_ms;
  const gate = s.hypothesis?.gate && gateAt > 0 && gateAt < plan.trafficMs ? s.hypothesis : undefined;
  const crashFaults = scheduleCrashes(s.faults, h, ctx.crashes, ledger, emit, ctx.commands, { held: gate !== undefined });
  const queueEmpty = watchQueueEmpty(h, disturbance.end_ms);
  // The run ends at traffic + drain (or on an interrupt), however many clients are still retrying.
  const deadline = new AbortController();
  const endRun = () => deadline.abort();
  const w: Watches = {
    crashFaults,
    queueEmpty,
    deadline,
    trafficStop: new AbortController(),
    runEnd: plan.trafficMs + drainMs,
    cancelDeadline: () => undefined,
    endRun,
    interruptedAt: Infinity,
    interrupted: () => {
      w.interruptedAt = Math.min(w.interruptedAt, h.clock.now());
      endRun();
    },
    stopSampling,
    stopTicks: () => undefined,
    stopAbortWatch: () => undefined,
    stopSteadyStateWatch: () => undefined,
    stopMisrouteWatch: () => undefined,
  };
  ctx.watches = w;
  w.cancelDeadline = h.clock.setTimer(w.runEnd, endRun);
  const drain = { ms: drainMs, ends: () => Math.max(w.runEnd, crashFaults.holdUntil(drainMs)) }; // where the progress line says the drain ends
  const trafficCut = () => Math.min(ctx.stoppedAt ?? Infinity, w.interruptedAt);
  const every = mode === 'live' ? everyRunSecond(h) : everyWallSeconds(SIM_PROGRESS_EVERY_S);
  w.stopTicks = tick(h, plan, ledger, ctx.progress, drain, emit, every, trafficCut);
  if (gate) await h.holdFaults(gateAt);
  // The backend faults act as scheduled again (a mock already gone is reported by its flush).
  const releaseFaults = () => void Promise.resolve(h.holdFaults(undefined)).catch(() => undefined);
  // An abort stops the arrivals (those not yet due are not sent, and not lost) and shortens the drain.
  w.stopAbortWatch = watchAbort(h, ledger, {
    conditions: ctx.conditions,
    horizonMs: s.client.timeout,
    model: s.backend.model,
    untilMs: plan.trafficMs,
    onTrip: (trip) => {
      ctx.aborted = trip;
      emit({ type: 'abort', atMs: trip.at_ms, expr: trip.expr, detail: trip.detail });
      // Stopped for safety before the check: the faults act as scheduled, as on any aborted run.
      if (gate && ctx.steadyGate === undefined) {
        w.stopSteadyStateWatch();
        releaseFaults();
      }
      stopTraffic(ctx, w);
    },
  });
  if (gate)
    w.stopSteadyStateWatch = watchSteadyState(h, ledger, {
      conditions: ctx.steadyState,
      atMs: gateAt,
      windowMs: gate.window,
      horizonMs: s.client.timeout,
      model: s.backend.model,
      probes: ctx.probes.length ? () => checkProbes(ctx.probes, 'before', h.clock, ctx.shell) : undefined,
      onJudged: (judged, probes) => {
        ctx.steadyGate = judged;
        ctx.probeChecks.push(...probes);
        emit({ type: 'steady-state', atMs: judged.at_ms, held: judged.held, detail: judged.checks.map((c) => c.detail).join('; ') });
        if (judged.held) {
          crashFaults.arm();
          return releaseFaults();
        }
        w.stopAbortWatch();
        stopTraffic(ctx, w);
      },
    });
  opts.signal?.addEventListener('abort', w.interrupted, { once: true });
  if (opts.signal?.aborted) w.interrupted(); // interrupted before the run began: nothing is sent
  // Your service refusing gameday's very first requests (404, 401…) is a wrong URL or missing credentials: stop, and say so.
  if (s.service.url !== undefined)
    w.stopMisrouteWatch = watchMisroute(ctx.answers, h.clock, (words) => {
      ctx.misrouted = words;
      endRun();
    });
}
