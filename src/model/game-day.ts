/** The game-day parts of result.json: the abort that stopped a run, the steady-state hypothesis and the event journal. */

/** The abort condition that stopped the traffic. */
export interface AbortRecord {
  /** The condition as written, e.g. `lost > 50`. */
  expr: string;
  /** Run time (ms) of the check that found the breach. */
  at_ms: number;
  /** The measured value that breached it. */
  value: number | null;
  /** `lost = 57, > 50`. */
  detail: string;
}

/** One steady-state expression judged over one window. */
export interface HypothesisCheck {
  expr: string;
  /** null: the window held no value for it (no arrivals, no completions), which is a deviation. */
  value: number | null;
  held: boolean;
  detail: string;
}

export interface HypothesisWindow {
  name: 'before' | 'during' | 'after';
  /** Arrivals in [from_ms, to_ms) are judged (by the time they were due). */
  from_ms: number;
  to_ms: number;
  held: boolean;
  checks: HypothesisCheck[];
}

/** The steady-state hypothesis: held before, (optionally) during, and after the disturbance? */
export interface HypothesisReport {
  steady_state: string[];
  /** The disturbance: the spike phase and the fault windows (result.recovery.window). */
  disturbance: { start_ms: number; end_ms: number };
  windows: HypothesisWindow[];
  /**
   * Why there is no `after` window: the run was aborted, or the window would overlap the
   * disturbance. Absent when `after` was judged.
   */
  not_judged?: string;
  /**
   * From the end of the disturbance until every steady-state expression held again on a sliding
   * window (`recovery_window_ms` long, stepped by 100 ms) of arrivals; null if it never did, or
   * the run was aborted before it could.
   */
  recovered_after_ms: number | null;
  recovery_window_ms: number;
  /**
   * The steady state as the run checked it where the disturbance starts, on the outcomes known
   * then over the trailing `window` (as abort conditions read one): the experiment ran only if it
   * held. Absent when the hypothesis does not gate (`gate: false`), or there is no before.
   */
  gate?: SteadyStateGate;
  /** Why the steady state gated nothing (the disturbance starts with the traffic). */
  not_gated?: string;
  /** Each probe (an HTTP endpoint, a command) as it was checked: before (with the gate) and after. */
  probes?: ProbeCheck[];
}

/** One probe of the service itself, checked once. */
export interface ProbeCheck {
  name: string;
  when: 'before' | 'after';
  at_ms: number;
  held: boolean;
  /** What it found: "GET …/health answered 200", "exit 1: …". */
  detail: string;
}

/** The steady state checked before any fault: held, the experiment runs; not held, it is not run. */
export interface SteadyStateGate {
  at_ms: number;
  window_ms: number;
  held: boolean;
  checks: HypothesisCheck[];
}

export type JournalKind =
  'phase-start' | 'fault-start' | 'fault-end' | 'crash' | 'restart' | 'service-died' | 'traffic-done' | 'drained' | 'recovery' | 'hypothesis' | 'abort';

/** One entry of the run's event journal (result.json `events`), in run time order. */
export interface JournalEvent {
  at_ms: number;
  kind: JournalKind;
  /** What happened, in a few words: `phase 2 (100 req/s)`, `crash-service`, `lost > 50 (lost = 57)`. */
  detail: string;
}
