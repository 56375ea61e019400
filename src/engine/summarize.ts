import { estimateCostUsd, type BackendStats } from '../backend/index.js';
import { Answer, type CrashReport, type Ledger, type RunResult, type ServiceCounters, type Totals } from '../model/index.js';
import type { Plan, Scenario } from '../scenario/index.js';
import { LatencyHistogram } from './percentiles.js';
import { recoveryReport } from './recovery.js';
import { buildTimeline, type DepthSeries } from './timeline.js';
import { judgeGenerator, type GeneratorFacts } from './validity.js';

export interface RunFacts {
  scenario: Scenario;
  mode: 'live' | 'sim';
  plan: Plan;
  ledger: Ledger;
  generator: GeneratorFacts;
  depth: DepthSeries;
  answers: Map<string, number>;
  backend: BackendStats;
  service: ServiceCounters | null;
  drainMs: number | null;
  crashes: CrashReport[];
  runMs: number;
  wall: RunResult['wall'];
  /** When the queue first emptied after the spike or the faults (null: never; absent: not watched). */
  queueEmptyAt?: number | null;
}

/** Turns what a run observed into result.json. Pure: the same facts give the same result. */
export function summarize(f: RunFacts): RunResult {
  const { all, byPriority } = f.ledger.totals();
  const s = f.scenario;
  const { generator, validity } = judgeGenerator(f.ledger, f.generator, s.traffic.tolerance);
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
    queue: { max_depth: f.depth.max, drain_ms: f.drainMs === null ? null : Math.round(f.drainMs) },
    by_priority: byPriority,
    timeline: buildTimeline(f.ledger, f.depth, Math.max(f.runMs, f.plan.trafficMs)),
    tokens: { input: f.backend.inputTokens, output: f.backend.outputTokens, estimated_cost_usd: round(estimateCostUsd(s.backend.model, f.backend.inputTokens, f.backend.outputTokens), 6) },
    backend_calls: { total: f.backend.calls, ok: f.backend.ok, by_status: f.backend.byStatus },
    answers: Object.fromEntries([...f.answers].sort(([a], [b]) => a.localeCompare(b))),
    lost_breakdown: lostBreakdown(f.ledger),
    failures: Object.fromEntries(f.ledger.failureReasons),
    generator,
    validity,
    service_reported: f.service,
    discrepancies: f.service ? discrepancies(all, f.service, f.ledger) : [],
    crashes: f.crashes,
    // A service that died emptied its queue by losing it: that is no drain.
    recovery: recoveryReport(s, f.ledger, f.backend, f.crashes.some((c) => c.kind === 'service-died') ? null : (f.queueEmptyAt ?? null)),
    gates: [],
    duration_ms: { traffic: f.plan.trafficMs, run: Math.round(f.runMs) },
    config: scenarioConfig(s),
    wall: f.wall,
  };
}

function rates(t: Totals, f: RunFacts, sent: number): RunResult['rates'] {
  const of = (n: number) => (t.scheduled ? round(n / t.scheduled, 6) : 0);
  // Achieved is what reached a socket, over the traffic window (or longer, if sends ran late).
  const window = Math.max(f.plan.trafficMs, lastSentAt(f.ledger));
  return {
    drop_rate: of(t.lost),
    shed_rate: of(t.shed),
    reject_rate: of(t.rejected),
    fail_rate: of(t.failed),
    completion_rate: of(t.completed),
    target_rps: round(f.plan.targetRps, 3),
    achieved_rps: round(window > 0 ? (sent * 1000) / window : sent, 3),
    retry_amplification: t.scheduled ? round(t.attempts / t.scheduled, 4) : 0,
    backend_calls_per_completed: t.completed ? round(f.backend.calls / t.completed, 4) : 0,
  };
}

function lastSentAt(ledger: Ledger): number {
  let last = 0;
  for (let i = 0; i < ledger.count; i++) last = Math.max(last, ledger.sentAt[i]);
  return last;
}

function lostBreakdown(ledger: Ledger): RunResult['lost_breakdown'] {
  const b = { accepted_never_finished: 0, connection_error: 0, timeout: 0, not_sent: 0 };
  for (let i = 0; i < ledger.count; i++) {
    if (ledger.outcome(i) !== 'lost') continue;
    const a = ledger.lastAnswer[i];
    // Never sent is the generator's shortfall, whatever its client later heard (a timeout in a full pool).
    if (ledger.sentAt[i] < 0) b.not_sent++;
    else if (a === Answer.accepted) b.accepted_never_finished++;
    else if (a === Answer.network) b.connection_error++;
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

/** Where the service's own metrics and the ledger tell different stories (the seeds' "metrics say 0"). */
function discrepancies(t: Totals, svc: ServiceCounters, ledger: Ledger): string[] {
  const out: string[] = [];
  if (t.lost > 0 && svc.shed + svc.rejected + svc.failed === 0) {
    out.push(`the service reported no refusals and no failures, yet ${t.lost} request(s) were lost`);
  }
  const confirmed = t.completed + t.duplicates;
  if (svc.processed > confirmed) {
    out.push(`the service counted ${svc.processed} processed, the backend confirmed ${confirmed} completion(s)`);
  }
  if (svc.failed < t.failed) out.push(`the service counted ${svc.failed} failed, ${t.failed} failure(s) were reported per request`);
  if (ledger.unknownIds > 0) out.push(`${ledger.unknownIds} backend answer(s) carried an id this run never scheduled`);
  return out;
}

function scenarioConfig(s: Scenario): unknown {
  const { source, ...rest } = s;
  return { ...rest, source };
}

function round(x: number, digits: number): number {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}
