import { Answer, type Ledger } from '../model/index.js';
import type { WindowStats } from '../gate/index.js';
import { LatencyHistogram } from './percentiles.js';

export interface WindowOptions {
  /**
   * Judge the window while the run goes, at this run time: outcomes are the ones known so far
   * (see `runningOutcome`), and a request still waiting counts in the latency at its age so far.
   * Absent: after the run, every request with its final outcome.
   */
  now?: number;
  /** While running: how long an accepted request may stay unfinished before it counts as lost (the client timeout). */
  horizonMs?: number;
  cost_usd?: number | null;
  backend_calls?: number | null;
}

/** First index whose intended time is >= t (the plan's arrivals are in time order). */
export function firstArrivalAt(ledger: Ledger, t: number): number {
  let lo = 0;
  let hi = ledger.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ledger.intendedAt[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The figures of the requests that arrived in [fromMs, toMs): counts and rates by arrival time,
 * so a window answers "of what was offered then, what became of it". Latency: completed requests
 * at their completion latency; while running, unfinished ones too, at their age so far (a lower
 * bound), so a stall shows while it happens rather than once the slow requests finish.
 */
export function windowStats(ledger: Ledger, fromMs: number, toMs: number, opts: WindowOptions = {}): WindowStats {
  const w: WindowStats = {
    scheduled: 0,
    completed: 0,
    shed: 0,
    rejected: 0,
    failed: 0,
    lost: 0,
    pending: 0,
    attempts: 0,
    latency: { p50: 0, p90: 0, p99: 0, max: 0, mean: 0, count: 0 },
    cost_usd: opts.cost_usd ?? null,
    backend_calls: opts.backend_calls ?? null,
  };
  const end = opts.now === undefined ? toMs : Math.min(toMs, opts.now + 1e-9);
  const h = new LatencyHistogram();
  for (let i = firstArrivalAt(ledger, fromMs); i < ledger.count && ledger.intendedAt[i] < end; i++) {
    w.scheduled++;
    w.attempts += ledger.attempts[i];
    const o = opts.now === undefined ? ledger.outcome(i) : runningOutcome(ledger, i, opts.now, opts.horizonMs ?? Infinity);
    w[o]++;
    if (o === 'completed') h.record(ledger.completedAt[i] - ledger.intendedAt[i]);
    else if (o === 'pending' && ledger.lastAnswer[i] === Answer.accepted) h.record(opts.now! - ledger.intendedAt[i]);
  }
  w.latency = h.summary();
  return w;
}

/**
 * A request's outcome as far as it is known at `now`. Completed, failed, shed and rejected are
 * known when they happen. Lost is not (it is decided at the end of the drain), so while running a
 * request counts as lost once nobody can expect it any more: accepted and still unfinished
 * `horizonMs` (the client's timeout) after its acceptance, or its client's last attempt ended in
 * a timeout or a connection error that long ago. Everything else is pending.
 */
export function runningOutcome(
  ledger: Ledger,
  i: number,
  now: number,
  horizonMs: number,
): keyof WindowStats & ('completed' | 'shed' | 'rejected' | 'failed' | 'lost' | 'pending') {
  const a = ledger.lastAnswer[i];
  if (a === Answer.shed) return 'shed';
  if (a === Answer.rejected) return 'rejected';
  if (ledger.completions[i] > 0) return 'completed';
  if (ledger.failedAt[i] >= 0) return 'failed';
  if (a === Answer.accepted || a === Answer.network || a === Answer.timeout) return now - ledger.answeredAt[i] > horizonMs ? 'lost' : 'pending';
  return 'pending';
}
