import { checkCondition, parseConditions, type Condition } from '../gate/index.js';
import type { HypothesisReport, HypothesisWindow, Ledger, ProbeCheck, SteadyStateGate } from '../model/index.js';
import type { Scenario } from '../scenario/index.js';
import { disturbanceWindow } from './recovery.js';
import { windowStats } from './window-stats.js';

/** The sliding window that finds the recovery moves by this much. */
export const RECOVERY_STEP_MS = 100;

/**
 * Judges the steady-state hypothesis after the run, on final outcomes, by arrival time: `before`
 * is the window ending where the disturbance starts, `after` the one ending with the last
 * arrival (the traffic's end, or the abort), `during` the disturbance itself. Only `after`
 * decides the verdict; `during` is expected to deviate (that is what the game day provokes).
 * An aborted run, or an `after` window that would reach back into the disturbance, has no
 * `after` to judge: the window is left out and `not_judged` says why, and an aborted run has no
 * recovery (its last arrivals' outcomes were cut short by the abort).
 */
export function judgeHypothesis(
  s: Scenario,
  ledger: Ledger,
  trafficEndMs: number,
  abortedAtMs?: number,
  gate?: SteadyStateGate,
  probes: readonly ProbeCheck[] = [],
): HypothesisReport | undefined {
  const h = s.hypothesis;
  if (!h) return undefined;
  const conditions = parseConditions(h.steadyState, 'steady-state expression', false);
  const { start_ms, end_ms } = disturbanceWindow(s);
  const judge = (name: HypothesisWindow['name'], from: number, to: number): HypothesisWindow => {
    const w = windowStats(ledger, from, to);
    const checks = conditions.map((c) => {
      const r = checkCondition(c, w);
      return { expr: r.expr, value: r.value, held: r.holds, detail: r.detail };
    });
    return { name, from_ms: Math.round(from), to_ms: Math.round(to), held: checks.every((c) => c.held), checks };
  };
  const windows = [judge('before', Math.max(0, start_ms - h.window), start_ms)];
  if (h.during) windows.push(judge('during', start_ms, Math.min(end_ms, trafficEndMs)));
  const afterFrom = Math.max(0, trafficEndMs - h.window);
  const notRun = gate !== undefined && !gate.held;
  const stoppedAt = notRun ? gate.at_ms : abortedAtMs;
  const notJudged = notRun
    ? 'the experiment was not run (the steady state did not hold before the disturbance)'
    : abortedAtMs !== undefined
      ? `the run was aborted at ${(abortedAtMs / 1000).toFixed(1)} s`
      : afterFrom < end_ms
        ? `the after window (${(afterFrom / 1000).toFixed(1)} s – ${(trafficEndMs / 1000).toFixed(1)} s) would overlap the disturbance (until ${(end_ms / 1000).toFixed(1)} s)`
        : undefined;
  if (notJudged === undefined) windows.push(judge('after', afterFrom, trafficEndMs));
  return {
    steady_state: conditions.map((c) => c.expr),
    disturbance: { start_ms, end_ms },
    windows,
    ...(notJudged !== undefined && { not_judged: notJudged }),
    recovered_after_ms: stoppedAt === undefined ? recoveredAfter(ledger, conditions, end_ms, trafficEndMs, h.recoveryWindow) : null,
    recovery_window_ms: h.recoveryWindow,
    ...(gate && { gate }),
    ...(probes.length > 0 && { probes: [...probes] }),
    ...(h.gate && start_ms <= 0 && { not_gated: 'the disturbance starts with the traffic: there is no before to check' }),
  };
}

/** The first sliding window from the disturbance's end on in which every expression holds: its start, from that end. */
function recoveredAfter(ledger: Ledger, conditions: Condition[], fromMs: number, toMs: number, windowMs: number): number | null {
  for (let t = fromMs; t + windowMs <= toMs; t += RECOVERY_STEP_MS) {
    const w = windowStats(ledger, t, t + windowMs);
    if (conditions.every((c) => checkCondition(c, w).holds)) return t - fromMs;
  }
  return null;
}
