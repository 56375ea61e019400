import type { Ledger, RunResult } from '../model/index.js';
import { ABANDON_AFTER_MS, type GeneratorStats } from '../load/index.js';
import { round } from './percentiles.js';

export interface Tolerance {
  /** The p99 of send lag may not exceed this (ms). */
  lagP99: number;
  /** No arrival may be sent later than this after its intended time (ms). */
  late: number;
}

export interface GeneratorFacts extends GeneratorStats {
  /** The generator thread's event-loop utilisation over the traffic (0..1); null in virtual time. */
  eventLoopUtilization: number | null;
  /** Connections the generator could open to the service (null when not over HTTP). */
  connections: number | null;
}

/**
 * Did the testbench produce the load it promised? Judged from when each arrival's first attempt
 * really left (Ledger.sentAt), not from when it was launched: an arrival that waited inside the
 * client (a full connection pool, a starved event loop) shows up here as lag or as never sent.
 * A run outside the tolerance is invalid: its counts say nothing about the strategy.
 */
export function judgeGenerator(ledger: Ledger, g: GeneratorFacts, tol: Tolerance): Pick<RunResult, 'generator' | 'validity'> {
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
  const sorted = lags.subarray(0, sent).sort();
  const lag = { p50: round(quantile(sorted, 0.5), 2), p99: round(quantile(sorted, 0.99), 2), max: round(sent ? sorted[sent - 1] : 0, 2) };
  // Arrivals not yet due when an interrupt stopped the run are no shortfall of the generator's.
  const missed = unsent - g.notDue;
  const reasons: string[] = [];
  if (g.abandoned > 0) {
    reasons.push(`${g.abandoned} arrival(s) were given up, more than ${ABANDON_AFTER_MS / 1000} s behind schedule (the generator could not keep up)`);
  }
  if (missed - g.abandoned > 0)
    reasons.push(`${missed - g.abandoned} arrival(s) were never sent (due, but no connection or no chance to write them before the run ended)`);
  if (late > 0) reasons.push(`${late} arrival(s) were sent more than ${tol.late} ms late (max lag ${lag.max} ms)`);
  if (lag.p99 > tol.lagP99) reasons.push(`send lag p99 ${lag.p99} ms is over the ${tol.lagP99} ms tolerance`);
  if (g.errors > 0) reasons.push(`${g.errors} request(s) failed inside the generator (a gameday bug)`);
  return {
    generator: {
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
      tolerance_ms: { lag_p99: tol.lagP99, late: tol.late },
    },
    validity: { valid: reasons.length === 0, reasons },
  };
}

/** Nearest-rank quantile of sorted values; 0 when there are none. */
function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
