import { checkCondition, type Condition } from '../../gate/index.js';
import { runningStats } from '../../analysis/index.js';
import type { Ledger, SteadyStateGate } from '../../model/index.js';
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
  onJudged(gate: SteadyStateGate): void;
}

/**
 * The steady state, checked once where the disturbance starts, on what is known then: outcomes
 * over the trailing window, read as abort conditions read theirs. The run decides what a failed
 * check stops (every fault, and the traffic).
 */
export function watchSteadyState(h: Harness, ledger: Ledger, o: SteadyStateWatchOptions): () => void {
  return h.clock.setTimer(o.atMs, () => {
    const now = h.clock.now();
    const w = runningStats(ledger, now, now - o.windowMs, o.horizonMs, runningExtras(h, o.model));
    const checks = o.conditions.map((c) => {
      const r = checkCondition(c, w);
      return { expr: r.expr, value: r.value, held: r.holds, detail: r.detail };
    });
    o.onJudged({ at_ms: Math.round(now), window_ms: o.windowMs, held: checks.every((c) => c.held), checks });
  });
}
