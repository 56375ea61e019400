import { estimateCostUsd, type BackendStats } from '../backend/index.js';
import { faultModule } from '../fault/index.js';
import {
  Answer,
  endedCount,
  type AbortRecord,
  type BackendIds,
  type CrashReport,
  type FaultFiring,
  type FaultRecord,
  type JournalEvent,
  type Ledger,
  type RunResult,
  type ServiceCounters,
  type SteadyStateGate,
  type ProbeCheck,
  type Totals,
} from '../model/index.js';
import type { Plan, Scenario } from '../scenario/index.js';
import { LatencyHistogram, round } from './percentiles.js';
import { judgeHypothesis } from './hypothesis.js';
import { buildJournal } from './journal.js';
import { disturbanceWindow, drainedAt, recoveryReport } from './recovery.js';
import { buildTimeline, type DepthSeries } from './timeline.js';
import { judgeGenerator, type GeneratorFacts } from './validity.js';
import { decideValidity } from './effect.js';
import { serviceCheck, workCounted } from './service-check.js';

export interface RunFacts {
  scenario: Scenario;
  mode: 'live' | 'sim';
  plan: Plan;
  ledger: Ledger;
  generator: GeneratorFacts;
  depth: DepthSeries;
  answers: Map<string, number>;
  backend: BackendStats;
  /** The service's own counters; only the fields it reports (service.metrics maps some). */
  service: Partial<ServiceCounters> | null;
  /** Workers of other processes may join the queue (a Redis queue): the service's counters cover this run's processes only. */
  sharedQueue?: boolean;
  drainMs: number | null;
  crashes: CrashReport[];
  runMs: number;
  wall: RunResult['wall'];
  /** When the queue first emptied after the spike or the faults (null: never; absent: not watched). */
  queueEmptyAt?: number | null;
  /** Crash faults as they fired (backend faults are windows on the run's clock). */
  faultsFired?: FaultFiring[];
  /** The run's events as they happened (crashes, restarts, the drain, an abort), for the journal. */
  observed?: JournalEvent[];
  /** The abort condition that stopped the traffic, if one did. */
  abort?: AbortRecord;
  /** The steady state as checked where the disturbance starts (not held: the traffic stopped there). */
  steadyGate?: SteadyStateGate;
  /** The hypothesis' probes of the service, as checked. */
  probes?: ProbeCheck[];
  /** When an abort or an interrupt cut the traffic short (run time), if one did. */
  trafficCutAt?: number;
}

/** Turns what a run observed into result.json. Pure: the same facts give the same result. */
export function summarize(f: RunFacts): RunResult {
  const { all, byPriority } = f.ledger.totals();
  const s = f.scenario;
  // The last arrival was due at the traffic's end, or at the abort or interrupt that stopped it.
  const trafficEndMs = f.abort ? f.abort.at_ms : (f.trafficCutAt ?? f.plan.trafficMs);
  const judged = judgeGenerator(f.ledger, f.generator, s.traffic.tolerance, trafficEndMs);
  // A queue emptied by losing it (a death, a kill, an abort) is no drain.
  const emptied = f.depth.visible ? drainedAt(s, f.ledger, f.crashes, f.queueEmptyAt ?? null, f.abort?.at_ms) : null;
  // An experiment not run (its steady state did not hold) has no disturbance to recover from.
  const recovery = f.steadyGate?.held === false ? undefined : recoveryReport(s, f.ledger, f.backend, emptied, f.depth.visible);
  const hypothesis = judgeHypothesis(s, f.ledger, trafficEndMs, f.abort?.at_ms, f.steadyGate, f.probes);
  return {
    version: 1,
    scenario: s.name,
    description: s.description,
    strategy: s.service.strategy.type,
    mode: f.mode,
    seed: s.seed,
    backend: s.backend.kind,
    totals: all,
    rates: rates(all, f, f.ledger.live.sent),
    latency_ms: completionLatency(f.ledger),
    admission_latency_ms: admissionLatency(f.ledger),
    queue: queueFigures(f),
    by_priority: byPriority,
    timeline: buildTimeline(f.ledger, f.depth, Math.max(f.runMs, f.plan.trafficMs)),
    tokens: tokenUse(s.backend.model, f.backend),
    backend_calls: backendCalls(f.backend),
    backend_ids: backendIds(f.ledger),
    answers: Object.fromEntries([...f.answers].sort(([a], [b]) => a.localeCompare(b))),
    lost_breakdown: lostBreakdown(f),
    failures: Object.fromEntries(f.ledger.failureReasons),
    generator: judged.generator,
    // Without gates or a replay yet: the engine decides again with a replay, the CLI with the gates.
    validity: decideValidity({ ...judged, totals: all, mode: f.mode }, s.traffic.tolerance),
    service_reported: f.service,
    service_check: serviceCheck(f.service, f.answers, workCounted(all, countedOutOfSight(f))),
    discrepancies: discrepancies(all, f),
    faults: faultRecords(s, f.faultsFired ?? [], f.runMs, f.steadyGate?.held === false ? disturbanceWindow(s).start_ms : undefined),
    crashes: f.crashes,
    ...(recovery && { recovery }),
    ...(hypothesis && { hypothesis }),
    ...(f.abort && { abort: f.abort }),
    events: buildJournal({ scenario: s, observed: f.observed ?? [], crashes: f.crashes, recovery, hypothesis, trafficEndMs, runMs: f.runMs }),
    gates: [],
    duration_ms: { traffic: f.plan.trafficMs, run: Math.round(f.runMs) },
    config: scenarioConfig(s),
    wall: f.wall,
  };
}

/** A queue nobody could see has no depth and no drain: null, said as "not visible", never 0. */
function queueFigures(f: RunFacts): RunResult['queue'] {
  if (!f.depth.visible) return { max_depth: null, drain_ms: null, depth_visible: false };
  return { max_depth: f.depth.max, drain_ms: f.drainMs === null ? null : Math.round(f.drainMs), depth_visible: true };
}

function rates(t: Totals, f: RunFacts, sent: number): RunResult['rates'] {
  const ended = endedCount(t);
  const of = (n: number) => (ended ? round(n / ended, 6) : 0);
  // Achieved is what reached a socket, over the traffic window (or longer, if sends ran late),
  // or up to the stop that cut the traffic short.
  const window = f.trafficCutAt ?? Math.max(f.plan.trafficMs, lastSentAt(f.ledger));
  return {
    drop_rate: of(t.lost),
    shed_rate: of(t.shed),
    reject_rate: of(t.rejected),
    fail_rate: of(t.failed),
    completion_rate: of(t.completed),
    target_rps: round(f.plan.targetRps, 3),
    achieved_rps: round(window > 0 ? (sent * 1000) / window : sent, 3),
    // Over the requests that were sent: an arrival an abort kept from being due made no attempt to amplify.
    retry_amplification: sent ? round(attemptsOfSent(f.ledger) / sent, 4) : 0,
    backend_calls_per_completed: t.completed ? round(f.backend.calls / t.completed, 4) : 0,
  };
}

/**
 * Each scheduled fault with when it fired. A crash fired when it acted (its event); a backend
 * fault is a window the mock applies on the run's clock, so it fired at its time if the run was
 * still going then, and the experiment not called off before it (`calledOffAt`: a steady state
 * that did not hold holds every fault from the disturbance's start, the check may come later).
 */
function faultRecords(s: Scenario, fired: FaultFiring[], runMs: number, calledOffAt = Infinity): FaultRecord[] {
  const unused = [...fired];
  return s.faults.map((f) => {
    let at: number | null = null;
    if (faultModule(f).crash) {
      const k = unused.findIndex((e) => e.kind === f.kind && e.at_ms >= f.at - 1);
      if (k >= 0) at = Math.round(unused.splice(k, 1)[0].at_ms);
    } else if (f.at <= runMs && f.at < calledOffAt) at = f.at;
    return { kind: f.kind, at_ms: f.at, fired_at_ms: at };
  });
}

/** Attempts of the requests that were sent: one launched but cut by a stop before it left made no attempt to amplify. */
function attemptsOfSent(ledger: Ledger): number {
  let n = 0;
  for (let i = 0; i < ledger.count; i++) if (ledger.sentAt[i] >= 0) n += ledger.attempts[i];
  return n;
}

function lastSentAt(ledger: Ledger): number {
  let last = 0;
  for (let i = 0; i < ledger.count; i++) last = Math.max(last, ledger.sentAt[i]);
  return last;
}

function lostBreakdown({ ledger, scenario }: RunFacts): RunResult['lost_breakdown'] {
  const b = {
    accepted_never_finished: 0,
    connection_error: 0,
    timeout: 0,
    not_sent: 0,
    never_reached_backend: 0,
    backend_refused_every_call: 0,
    backend_call_unfinished: 0,
    backend_call_aborted: 0,
    ...(scenario.service.delivery && { answered_not_delivered: 0 }),
  };
  for (let i = 0; i < ledger.count; i++) {
    if (ledger.outcome(i) !== 'lost') continue;
    const a = ledger.lastAnswer[i];
    // Never sent is the generator's shortfall, whatever its client later heard (a timeout in a full pool).
    if (ledger.sentAt[i] < 0) b.not_sent++;
    else if (a === Answer.accepted) {
      b.accepted_never_finished++;
      // A silent drop never reached Claude; a job whose every call failed did, and nobody told the caller.
      if (ledger.firstCallAt[i] < 0) b.never_reached_backend++;
      // The backend answered and the service never said it delivered: the loss is after Claude.
      else if (ledger.backendAnswered(i)) b.answered_not_delivered!++;
      // A call its own caller closed is the service's doing, whatever the backend answered before.
      else if (ledger.callerAborts[i] > 0) b.backend_call_aborted++;
      else if (ledger.backendErrors[i] > 0) b.backend_refused_every_call++;
      else b.backend_call_unfinished++;
    } else if (a === Answer.network) b.connection_error++;
    else if (a === Answer.timeout) b.timeout++;
    else b.not_sent++;
  }
  return b;
}

function completionLatency(ledger: Ledger) {
  const h = new LatencyHistogram();
  for (let i = 0; i < ledger.count; i++) if (ledger.completions[i] > 0) h.record(ledger.completedAt[i] - ledger.intendedAt[i]);
  return h.summary();
}

function admissionLatency(ledger: Ledger) {
  const h = new LatencyHistogram();
  for (let i = 0; i < ledger.count; i++) if (ledger.answeredAt[i] >= 0) h.record(ledger.answeredAt[i] - ledger.intendedAt[i]);
  return h.summary();
}

/** Tokens and their estimated cost: Message Batches at half the price, as the API bills them. */
function tokenUse(model: string, b: BackendStats): RunResult['tokens'] {
  const batched = b.batches ?? { input_tokens: 0, output_tokens: 0 };
  const cost = estimateCostUsd(model, b.inputTokens, b.outputTokens, b.cacheTokens) + 0.5 * estimateCostUsd(model, batched.input_tokens, batched.output_tokens);
  const input = b.inputTokens + batched.input_tokens;
  const cache = b.cacheTokens && { cache_creation: b.cacheTokens.write5m + b.cacheTokens.write1h, cache_read: b.cacheTokens.read };
  return { input, output: b.outputTokens + batched.output_tokens, estimated_cost_usd: round(cost, 6), ...cache };
}

function backendCalls(b: BackendStats): RunResult['backend_calls'] {
  return {
    total: b.calls,
    ok: b.ok,
    by_status: b.byStatus,
    count_tokens: b.countTokens ?? 0,
    invalid: b.invalid ?? 0,
    capped: b.capped ?? 0,
    in_flight_at_end: b.inFlightAtEnd ?? 0,
    ...(b.batches && { batches: b.batches }),
    ...(b.upstream && { upstream: b.upstream }),
  };
}

function backendIds(ledger: Ledger): BackendIds {
  let refused = 0;
  const steps = new Map<number, number>();
  for (let i = 0; i < ledger.count; i++) {
    if (ledger.processedAlthoughRefused(i)) refused++;
    if (ledger.completions[i] > 0) {
      const n = ledger.steps(i);
      steps.set(n, (steps.get(n) ?? 0) + 1);
    }
  }
  const chained = [...steps.keys()].some((n) => n > 1);
  return {
    without_id: ledger.unidentifiedAnswers,
    foreign: ledger.unknownIds,
    processed_although_refused: refused,
    batch_sizes: sortedCounts(ledger.batchSizes),
    ...(chained && { steps_per_job: sortedCounts(steps) }),
  };
}

/** A count per number as a JSON record, in increasing order of the number ({"1": 40, "5": 10}). */
function sortedCounts(m: Map<number, number>): Record<string, number> {
  return Object.fromEntries([...m].sort(([a], [b]) => a - b).map(([k, n]) => [String(k), n]));
}

/** Where the service's own metrics, the backend boundary and the ledger tell different stories (the seeds' "metrics say 0"). */
function discrepancies(t: Totals, f: RunFacts): string[] {
  const out: string[] = [];
  const svc = f.service;
  if (svc) {
    out.push(...serviceCheck(svc, f.answers, workCounted(t, countedOutOfSight(f))).differing.map((d) => `service counter ${d}`));
    const refusals = (['shed', 'rejected', 'failed'] as const).filter((k) => svc[k] !== undefined);
    if (t.lost > 0 && refusals.length > 0 && refusals.every((k) => svc[k] === 0)) {
      const said = refusals.length === 3 ? 'no refusals and no failures' : refusals.map((k) => `0 ${k}`).join(', ');
      out.push(`the service reported ${said}, yet ${fmt(t.lost)} request(s) were lost`);
    }
  }
  const ids = backendIds(f.ledger);
  if (ids.foreign > 0) out.push(`foreign backend answers: ${fmt(ids.foreign)} (ids of another run or never scheduled: counted apart, never credited)`);
  if (ids.without_id > 0) {
    out.push(
      `backend answers without a request id: ${fmt(ids.without_id)} (the service's calls reached the backend but carried no request id: forward the id you were sent, see README "Where the mock finds the id")`,
    );
  }
  if (ids.processed_although_refused > 0)
    out.push(`processed although refused: ${fmt(ids.processed_although_refused)} — wasted backend calls (the client was shed or rejected)`);
  if ((f.backend.inFlightAtEnd ?? 0) > 0)
    out.push(`backend calls still in progress when the run ended: ${fmt(f.backend.inFlightAtEnd!)} (cut by the mock's close)`);
  return out;
}

const fmt = (n: number) => n.toLocaleString('en-US');

function scenarioConfig(s: Scenario): unknown {
  const { source, ...rest } = s;
  return { ...rest, source };
}

/** Work the service's counters could not see: other processes on a shared queue, or a process killed after its last reading. */
const countedOutOfSight = (f: RunFacts) => f.sharedQueue === true || f.crashes.length > 0;
