import { Answer, countEnding, type Ledger } from '../model/index.js';
import type { WindowStats } from '../gate/index.js';
import { LatencyHistogram } from './percentiles.js';

/** What a running check adds to the ledger's figures: totals only the backend knows. */
export interface RunningTotals {
  cost_usd: number | null;
  backend_calls: number | null;
}

const emptyStats = (extra: RunningTotals): WindowStats => ({
  scheduled: 0,
  completed: 0,
  shed: 0,
  rejected: 0,
  failed: 0,
  lost: 0,
  pending: 0,
  attempts: 0,
  latency: { p50: 0, p90: 0, p99: 0, max: 0, mean: 0, count: 0 },
  ...extra,
});

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
 * After the run: the requests that arrived in [fromMs, toMs), with their final outcomes, so a
 * window answers "of what was offered then, what became of it". Latency: the completed ones.
 */
export function windowStats(ledger: Ledger, fromMs: number, toMs: number): WindowStats {
  const w = emptyStats({ cost_usd: null, backend_calls: null });
  const h = new LatencyHistogram();
  for (let i = firstArrivalAt(ledger, fromMs); i < ledger.count && ledger.intendedAt[i] < toMs; i++) {
    w.scheduled++;
    w.attempts += ledger.attempts[i];
    const o = ledger.outcome(i);
    countEnding(w, o);
    if (o === 'completed') h.record(ledger.completedAt[i] - ledger.intendedAt[i]);
  }
  w.latency = h.summary();
  return w;
}

/**
 * While the run goes, at run time `now`. Without `fromMs`: totals so far, every arrival due by
 * now with its outcome as known now (see `runningOutcome`). With `fromMs` (a trailing window):
 * the requests whose outcome became known in [fromMs, now] — completed, failed, shed, rejected
 * when it happened, lost when its horizon ran out — so `drop_rate[10s]` is "of the outcomes of
 * the last 10 s, the share lost", and reacts however long the client's timeout. Latency: the
 * completions of the window, and every accepted request still unfinished at its age so far (a
 * lower bound), so a stall shows while it happens rather than once the slow requests finish.
 */
export function runningStats(ledger: Ledger, now: number, fromMs: number | undefined, horizonMs: number, extra: RunningTotals): WindowStats {
  const w = emptyStats(extra);
  const h = new LatencyHistogram();
  for (let i = 0; i < ledger.count && ledger.intendedAt[i] <= now; i++) {
    const o = runningOutcome(ledger, i, now, horizonMs);
    // Accepted and unfinished, pending or past its horizon alike: it has waited this long at least.
    if ((o === 'pending' || o === 'lost') && ledger.lastAnswer[i] === Answer.accepted) h.record(now - ledger.intendedAt[i]);
    if (fromMs !== undefined && (o === 'pending' || decidedAt(ledger, i, o, horizonMs) < fromMs)) continue;
    w.scheduled++;
    w.attempts += ledger.attempts[i];
    w[o]++;
    if (o === 'completed' && (fromMs === undefined || ledger.completedAt[i] >= fromMs)) h.record(ledger.completedAt[i] - ledger.intendedAt[i]);
  }
  w.latency = h.summary();
  return w;
}

/** When a request's running outcome became known. */
function decidedAt(ledger: Ledger, i: number, o: ReturnType<typeof runningOutcome>, horizonMs: number): number {
  if (o === 'completed') return ledger.completedAt[i];
  if (o === 'failed') return ledger.failedAt[i];
  if (o === 'lost') return ledger.answeredAt[i] + horizonMs;
  return ledger.answeredAt[i];
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
