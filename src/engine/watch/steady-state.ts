import { checkCondition, type Condition } from '../../gate/index.js';
import { runningStats } from '../../analysis/index.js';
import type { HypothesisCheck, Ledger, ProbeCheck, SteadyStateGate } from '../../model/index.js';
import type { Harness } from '../harness/harness.js';
import { runningExtras } from './abort.js';

export interface SteadyStateWatchOptions {
  conditions: Condition[];
  /** Where the disturbance starts: the check runs here. */
  atMs: number;
  /** The trailing window it reads (hypothesis.window). */
  windowMs: number;
  /** While running, an accepted request unfinished this long counts as lost (the client timeout). */
  horizonMs: number;
  model: string;
  /** The hypothesis' probes of the service, checked beside the expressions (live only); none: judged at once. */
  probes?: () => Promise<ProbeCheck[]>;
  onJudged(gate: SteadyStateGate, probes: ProbeCheck[]): void;
}

/**
 * The steady state, checked once where the disturbance starts, on what is known then: outcomes
 * over the trailing window, read as abort conditions read theirs. The run decides what a failed
 * check stops (every fault, and the traffic).
 */
export function watchSteadyState(h: Harness, ledger: Ledger, o: SteadyStateWatchOptions): () => void {
  let cancelled = false;
  const cancelTimer = h.clock.setTimer(o.atMs, () => {
    const now = h.clock.now();
    const w = runningStats(ledger, now, now - o.windowMs, o.horizonMs, runningExtras(h, o.model));
    const checks: HypothesisCheck[] = o.conditions.map((c) => {
      const r = checkCondition(c, w);
      return { expr: r.expr, value: r.value, held: r.holds, detail: r.detail };
    });
    const judge = (probes: ProbeCheck[]) => {
      if (cancelled) return; // stopped while the probes ran (an abort, the run's end): no judgment now
      const all = [...checks, ...probes.map((p) => ({ expr: `probe ${p.name}`, value: null, held: p.held, detail: `probe ${p.name}: ${p.detail}` }))];
      o.onJudged({ at_ms: Math.round(now), window_ms: o.windowMs, held: all.every((c) => c.held), checks: all }, probes);
    };
    // The probes take their time (the faults stay held meanwhile); the figures are read at the moment itself.
    if (o.probes) void o.probes().then(judge);
    else judge([]);
  });
  return () => {
    cancelled = true;
    cancelTimer();
  };
}
