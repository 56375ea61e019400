import type { Totals } from './outcome.js';
import type { GateResult } from './result.js';

/**
 * sweep.json: every point of a what-if sweep, in virtual time with one seed. Everything that
 * depends on the wall clock lives under `wall` (the sweep's and each point's), so two sweeps of
 * the same scenario and flags compare equal without it.
 */
export interface SweepResult {
  version: 1;
  scenario: string;
  /**
   * The strategies the points ran, in the order they first appear in the grid: one, unless the
   * strategy was varied (absent in a sweep.json written before sweeps named it).
   */
  strategies?: string[];
  seed: number;
  mode: 'sim';
  /** The varied fields, in the order given; a point's `values` follow it. */
  axes: SweepAxis[];
  /** The gates every point was judged by (the scenario's and --gate's). */
  gates: string[];
  points: SweepPoint[];
  /** Indices (into `points`) of the Pareto frontier: most completions for the least p99 latency. */
  frontier: number[];
  /** The answer to --find-min or --find-max, when one was asked. */
  search?: SweepSearch;
  /** Set when an interrupt stopped the sweep: the points not yet started never ran and are absent. */
  interrupted?: boolean;
  /** Frontier points re-run live (--verify-live), beside their sim outcome fractions. */
  verify?: LiveCheck[];
  wall: { started_at: string; elapsed_ms: number; threads: number; gameday_version: string };
}

export interface SweepAxis {
  /** The field's path, as `--set` writes it (`traffic.phases[1].rate`). */
  path: string;
  /** The values tried, in order, as the scenario reads them (`50`, `"30s"`, `"persistent"`). */
  values: unknown[];
}

/** What one point measured: enough to rank it, never the whole result. */
export interface SweepPoint {
  /** Position in the grid (row-major over the axes): the same flags give the same index. */
  index: number;
  /** One value per axis, in the order of `axes`. */
  values: unknown[];
  /** The strategy this point ran (absent in a sweep.json written before sweeps named it). */
  strategy?: string;
  totals: Totals;
  drop_rate: number;
  completion_rate: number;
  latency_ms: { p50: number; p99: number; max: number };
  /** null: not visible (a sweep runs in sim, where it always is). */
  max_queue_depth: number | null;
  gates: GateResult[];
  /** The run's verdict would be pass: every gate passed, no abort condition stopped it, its steady-state hypothesis held. */
  pass: boolean;
  wall: { elapsed_ms: number };
}

/** How a search chose its point, and how many sim runs it took. */
export type SweepSearch =
  | {
      kind: 'find-min';
      /** The paths minimised, most important first: a lexicographic order. */
      paths: string[];
      /** Index of the smallest passing point, or null when none passed. */
      found: number | null;
      runs: number;
    }
  | {
      kind: 'find-max';
      path: string;
      /** Index of the largest passing value, or null when even the smallest failed. */
      found: number | null;
      /** Whether the largest value tried passed (the true limit may lie beyond the range). */
      top_passed: boolean;
      runs: number;
    };

/** A frontier point re-run live: each outcome as a fraction of scheduled, in sim and live. */
export interface LiveCheck {
  index: number;
  sim: Record<string, number>;
  live: Record<string, number>;
  /** The largest difference over the outcomes, in percentage points. */
  max_diff_points: number;
  live_valid: boolean;
}
