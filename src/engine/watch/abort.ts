import { estimateCostUsd } from '../../backend/index.js';
import { checkCondition, type Condition } from '../../gate/index.js';
import { runningStats } from '../../analysis/index.js';
import type { AbortRecord, Ledger } from '../../model/index.js';
import type { Harness } from '../harness/harness.js';

/** How often abort conditions are checked on the run's clock. */
export const ABORT_CHECK_MS = 1000;

export interface AbortWatchOptions {
  conditions: Condition[];
  /** While running, an accepted request unfinished this long counts as lost (the client timeout). */
  horizonMs: number;
  model: string;
  /** Checks stop here (the end of the traffic): after it there is nothing left to stop. */
  untilMs: number;
  onTrip(trip: AbortRecord): void;
}

/** What running conditions read beside the ledger: the backend's cost and calls so far. */
export function runningExtras(h: Harness, model: string): { cost_usd: number; backend_calls: number } {
  const b = h.backendStats();
  return { cost_usd: estimateCostUsd(model, b.inputTokens, b.outputTokens, b.cacheTokens), backend_calls: b.calls };
}

/**
 * Checks the abort conditions about once a second on running values: totals so far, or the
 * trailing window a condition names (`drop_rate[10s]`). Reports the first breach, once, and stops.
 */
export function watchAbort(h: Harness, ledger: Ledger, o: AbortWatchOptions): () => void {
  if (o.conditions.length === 0) return () => undefined;
  let cancel = () => undefined as void;
  const check = () => {
    const now = h.clock.now();
    const extra = runningExtras(h, o.model);
    const whole = runningStats(ledger, now, undefined, o.horizonMs, extra);
    for (const c of o.conditions) {
      const w = c.windowMs === undefined ? whole : runningStats(ledger, now, now - c.windowMs, o.horizonMs, extra);
      const r = checkCondition(c, w);
      if (r.holds) return o.onTrip({ expr: c.expr, at_ms: Math.round(now), value: r.value, detail: r.detail });
    }
    if (now + ABORT_CHECK_MS <= o.untilMs) cancel = h.clock.setTimer(ABORT_CHECK_MS, check);
  };
  cancel = h.clock.setTimer(ABORT_CHECK_MS, check);
  return () => cancel();
}
