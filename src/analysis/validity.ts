import type { Ledger, RunResult } from '../model/index.js';
import type { GeneratorStats } from '../load/index.js';
import { round } from './percentiles.js';
import { displacement, sortedAscending } from './displacement.js';
import type { Tolerance, ValidityFacts } from './effect.js';

export type { Tolerance };

export interface GeneratorFacts extends GeneratorStats {
  /** The generator thread's event-loop utilisation over the traffic (0..1); null in virtual time. */
  eventLoopUtilization: number | null;
  /** Connections the generator could open to the service (null when not over HTTP). */
  connections: number | null;
}

/**
 * What the generator did, judged from when each arrival's first attempt really left
 * (Ledger.sentAt), not from when it was launched: an arrival that waited inside the client (a
 * full connection pool, a starved event loop) shows up here as lag or as never sent. The lag is
 * reported as a fact; what decides validity (decideValidity, once the run's totals are known) is
 * how far behind, in arrivals, that lag put the offered load (the displacement), and what that
 * could do to the counts.
 */
export function judgeGenerator(
  ledger: Ledger,
  g: GeneratorFacts,
  tol: Tolerance,
  trafficEndMs: number,
): { generator: RunResult['generator']; validity: ValidityFacts } {
  const lags = new Float64Array(ledger.count);
  let sent = 0;
  let late = 0;
  for (let i = 0; i < ledger.count; i++) {
    if (ledger.sentAt[i] < 0) continue;
    const lag = Math.max(0, ledger.sentAt[i] - ledger.intendedAt[i]);
    if (lag > tol.late) late++;
    lags[sent++] = lag;
  }
  const unsent = ledger.count - sent;
  const sorted = sortedAscending(lags.subarray(0, sent));
  const lag = { p50: round(quantile(sorted, 0.5), 2), p99: round(quantile(sorted, 0.99), 2), max: round(sent ? sorted[sent - 1] : 0, 2) };
  // Arrivals not yet due when an interrupt or an abort stopped the run were never the generator's to send.
  const d = displacement(ledger.intendedAt, ledger.sentAt, ledger.count - g.notDue, tol.late, trafficEndMs);
  const generator: RunResult['generator'] = {
    sent,
    unsent,
    not_due: g.notDue,
    abandoned: g.abandoned,
    late_sends: late,
    max_lag_ms: lag.max,
    lag_ms: lag,
    event_loop_utilization: g.eventLoopUtilization === null ? null : round(g.eventLoopUtilization, 3),
    connection_budget: g.connections,
    errors: g.errors,
    tolerance_ms: { late: tol.late },
  };
  return { generator, validity: { displacement: d, count_uncertainty: Math.min(2 * d.arrivals, ledger.count) } };
}

/** Nearest-rank quantile of sorted values; 0 when there are none. */
function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
