import type { DepthSeries } from '../analysis/index.js';
import type { Ledger } from '../model/index.js';
import type { Plan } from '../scenario/index.js';
import type { RunListener } from './events.js';
import type { Harness } from './harness.js';

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

/** The progress tick, once a second on the run's clock (live mode): what was sent, answered and completed so far. */
export function tick(h: Harness, plan: Plan, ledger: Ledger, progress: { launched: number }, drainMs: number, emit: RunListener): () => void {
  let due = 0;
  let cancel = () => undefined as void;
  const fire = () => {
    const now = h.clock.now();
    while (due < plan.count && plan.at[due] <= now - DUE_AFTER_MS) due++;
    const l = ledger.live;
    emit({
      type: 'tick',
      elapsedMs: now,
      trafficMs: plan.trafficMs,
      drainMs,
      launched: progress.launched,
      sent: ledger.live.sent,
      targetSoFar: due,
      depth: h.depth(),
      accepted: l.accepted,
      completed: l.completed,
      shed: l.shed,
      rejected: l.rejected,
      failed: l.failed,
      errors: l.network + l.timeout,
    });
    cancel = h.clock.setTimer(1000, fire);
  };
  cancel = h.clock.setTimer(1000, fire);
  return () => cancel();
}
