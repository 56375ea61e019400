import { faultModule } from '../fault/index.js';
import type { CrashReport, HypothesisReport, JournalEvent, JournalKind, RecoveryReport } from '../model/index.js';
import { phaseSegments, type Scenario } from '../scenario/index.js';

export interface JournalFacts {
  scenario: Scenario;
  /** The engine's events as they happened: crashes, restarts, traffic done, drained, abort. */
  observed: JournalEvent[];
  crashes: CrashReport[];
  recovery?: RecoveryReport;
  hypothesis?: HypothesisReport;
  /** The last arrival's time (the traffic's end, or the abort): phases after it never started. */
  trafficEndMs: number;
  runMs: number;
}

/**
 * The run's event journal, in time order: what the engine observed, plus what the schedule and
 * the analysis know (each phase's start, each backend fault's window, the service's own deaths,
 * the recovery, the hypothesis' checks). Every entry carries its run time in ms.
 */
export function buildJournal(f: JournalFacts): JournalEvent[] {
  const out: JournalEvent[] = [...f.observed];
  const add = (at_ms: number, kind: JournalKind, detail: string) => out.push({ at_ms: Math.round(at_ms), kind, detail });
  phaseSegments(f.scenario.traffic).forEach((seg, i) => {
    if (seg.start >= f.trafficEndMs) return;
    const rate = seg.burst > 0 ? `a burst of ${seg.burst}` : seg.r0 === seg.r1 ? `${seg.r0} req/s` : `${seg.r0} → ${seg.r1} req/s`;
    add(seg.start, 'phase-start', `phase ${i + 1}: ${rate}`);
  });
  // A steady state that did not hold: no backend fault opened after it.
  const gate = f.hypothesis?.gate;
  const faultsEnd = gate && !gate.held ? f.hypothesis!.disturbance.start_ms : Infinity;
  for (const fault of f.scenario.faults) {
    const m = faultModule(fault);
    if (m.crash || fault.at > f.runMs || fault.at >= faultsEnd) continue; // crashes are observed as they act
    const [start, end] = m.window(fault);
    add(start, 'fault-start', fault.kind);
    if (end <= f.runMs) add(end, 'fault-end', fault.kind);
  }
  for (const c of f.crashes) if (c.kind === 'service-died') add(c.at_ms, 'service-died', c.reason ?? 'the service died');
  const rec = f.recovery;
  if (rec && rec.drain_ms !== null) add(rec.window.end_ms + rec.drain_ms, 'recovery', 'queue empty after the disturbance');
  const h = f.hypothesis;
  if (h) {
    for (const w of h.windows) {
      const missed = w.checks.filter((c) => !c.held).map((c) => c.detail);
      add(w.to_ms, 'hypothesis', `${w.name}: ${w.held ? 'held' : `deviated (${missed.join('; ')})`}`);
    }
    if (h.recovered_after_ms !== null) add(h.disturbance.end_ms + h.recovered_after_ms, 'recovery', 'steady state holds again');
  }
  // Stable: same-time entries keep the order they were added in (the schedule before the analysis).
  return out
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at_ms - b.e.at_ms || a.i - b.i)
    .map((x) => x.e);
}

/** A run event as a journal entry: crashes, restarts, the end of the traffic, the drain, the abort. */
export function journalEntry(e: {
  type: string;
  atMs: number;
  kind?: string;
  name?: string;
  detail?: string;
  expr?: string;
  held?: boolean;
}): JournalEvent | undefined {
  const at_ms = Math.round(e.atMs);
  if (e.type === 'fault' && e.kind) {
    const kind: JournalKind = e.kind.startsWith('restart') ? 'restart' : 'crash';
    return { at_ms, kind, detail: `${e.kind}: ${e.detail ?? ''}`.trim() };
  }
  if (e.type === 'phase' && e.name === 'traffic-done') return { at_ms, kind: 'traffic-done', detail: 'no more arrivals' };
  if (e.type === 'phase')
    return { at_ms, kind: 'drained', detail: e.name === 'drained' ? 'nothing queued or in flight' : 'drain window ended with work outstanding' };
  if (e.type === 'abort') return { at_ms, kind: 'abort', detail: `${e.expr} (${e.detail})` };
  if (e.type === 'steady-state')
    return {
      at_ms,
      kind: 'hypothesis',
      detail: e.held
        ? `steady state held before the disturbance (${e.detail}): the faults run`
        : `steady state did not hold before the disturbance (${e.detail}): no fault runs, the traffic stops`,
    };
  return undefined;
}
