import type { DepthSeries } from '../../analysis/index.js';
import type { Ledger } from '../../model/index.js';
import type { Plan } from '../../scenario/index.js';
import type { RunListener } from '../events.js';
import type { Harness } from '../harness/harness.js';

const SAMPLE_MS = 100;

/** Samples the queue depth every 100 ms on the run's clock; returns the stop. */
export function sampleDepth(h: Harness, depth: DepthSeries): () => void {
  let cancel = () => undefined as void;
  const sample = () => {
    const d = h.depth();
    if (d !== null) depth.sample(h.clock.now(), d);
    cancel = h.clock.setTimer(SAMPLE_MS, sample);
  };
  sample();
  return () => cancel();
}

/** Progress counts an arrival as due this long after its time: one in flight this instant is not behind schedule. */
const DUE_AFTER_MS = 50;

/** Calls `fire` every period until the returned function is called. */
export type Repeat = (fire: () => void) => () => void;

/** Once a second on the run's clock: a live run's progress. */
export const everyRunSecond =
  (h: Harness): Repeat =>
  (fire) => {
    let cancel = h.clock.setTimer(1000, function again() {
      fire();
      cancel = h.clock.setTimer(1000, again);
    });
    return () => cancel();
  };

/**
 * Every few seconds of wall time, never on the run's clock: a long simulation's progress. A timer
 * on the virtual clock would be one more event among the run's own, and could reorder them.
 */
export const everyWallSeconds =
  (seconds: number): Repeat =>
  (fire) => {
    const timer = setInterval(fire, seconds * 1000);
    timer.unref();
    return () => clearInterval(timer);
  };

/**
 * The progress tick: what was sent, answered and completed so far, at the run's time, and what a
 * drain waits for (held jobs, calls in flight, accepted work unfinished) until `drainEnds()`.
 * It only reads: a simulation's result is the same with or without it.
 */
export function tick(
  h: Harness,
  plan: Plan,
  ledger: Ledger,
  progress: { launched: number },
  drain: { ms: number; ends: () => number },
  emit: RunListener,
  repeat: Repeat,
  /** When the traffic was stopped (an abort, a steady state that did not hold, an interrupt); Infinity while it goes. */
  trafficCut: () => number = () => Infinity,
): () => void {
  let due = 0;
  let scheduled = 0;
  return repeat(() => {
    const now = h.clock.now();
    while (due < plan.count && plan.at[due] <= now - DUE_AFTER_MS) due++;
    // Offered: due by now, and before the traffic stopped (an arrival due from then on is never offered).
    const until = trafficCut();
    while (scheduled < plan.count && plan.at[scheduled] <= now && plan.at[scheduled] < until) scheduled++;
    const l = ledger.live;
    emit({
      type: 'tick',
      elapsedMs: now,
      trafficMs: plan.trafficMs,
      drainMs: drain.ms,
      launched: progress.launched,
      sent: ledger.live.sent,
      scheduled,
      targetSoFar: due,
      depth: h.depth(),
      accepted: l.accepted,
      completed: l.completed,
      shed: l.shed,
      rejected: l.rejected,
      failed: l.failed,
      errors: l.network + l.timeout,
      pending: ledger.pending,
      inFlight: h.inFlight?.() ?? null,
      drainEndsMs: drain.ends(),
    });
  });
}
