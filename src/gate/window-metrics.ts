import { endedCount, type Percentiles, type Totals } from '../model/index.js';
import { RATES_OF_SCHEDULED, type MetricUnit } from './metrics.js';

/**
 * What a time window of a run holds, for abort conditions (while the run goes) and the
 * steady-state hypothesis (after it). Requests belong to the window they *arrived* in (their
 * intended time), so a window's drop rate is "of the requests offered then, how many were lost";
 * `scheduled` is the arrivals due in the window (so far, while running).
 */
export interface WindowStats extends Omit<Totals, 'duplicates'> {
  /** While running: arrivals with no outcome yet (waiting in the service, or still being retried). */
  pending: number;
  /** Completion latency of the window's requests (ms); `count` 0 when none completed. */
  latency: Percentiles;
  /** Estimated backend cost so far (USD): a total only, never per window. */
  cost_usd: number | null;
  /** Backend Messages calls so far: a total only, never per window. */
  backend_calls: number | null;
}

/** A metric a windowed condition can name. `totalOnly`: it has no `[window]` form. */
export interface WindowMetricDef {
  unit: MetricUnit;
  description: string;
  totalOnly?: boolean;
  get(w: WindowStats): number | null;
}

type Count = 'scheduled' | 'completed' | 'shed' | 'rejected' | 'failed' | 'lost' | 'pending' | 'attempts';
const COUNTS: Record<Count, string> = {
  scheduled: 'arrivals due',
  completed: 'requests completed',
  shed: 'requests shed (429/503 + Retry-After)',
  rejected: 'requests rejected without guidance',
  failed: 'requests accepted, then failed',
  lost: 'requests lost (while running: see README "Abort conditions")',
  pending: 'requests with no outcome yet',
  attempts: 'client attempts, retries included',
};

const LATENCY = ['p50', 'p90', 'p99', 'max', 'mean'] as const;

function catalogue(): Record<string, WindowMetricDef> {
  const out: Record<string, WindowMetricDef> = {};
  for (const [name, description] of Object.entries(COUNTS)) out[name] = { unit: 'count', description, get: (w) => w[name as Count] };
  for (const [name, [numerator, , description]] of Object.entries(RATES_OF_SCHEDULED)) {
    // No arrivals in the window means no rate, not a rate of 0 that would pass any `<`.
    out[name] = { unit: 'ratio', description, get: (w) => (endedCount(w) > 0 ? w[numerator] / endedCount(w) : null) };
  }
  for (const stat of LATENCY) {
    out[`${stat}_latency`] = { unit: 'ms', description: `${stat} completion latency (ms)`, get: (w) => (w.latency.count > 0 ? w.latency[stat] : null) };
  }
  out.cost_usd = { unit: 'usd', description: 'estimated backend cost so far (USD)', totalOnly: true, get: (w) => w.cost_usd };
  out.backend_calls = { unit: 'count', description: 'backend Messages calls so far', totalOnly: true, get: (w) => w.backend_calls };
  return out;
}

/** Every metric an abort condition or a steady-state expression can name. */
export const WINDOW_METRICS: Readonly<Record<string, WindowMetricDef>> = catalogue();
export const WINDOW_METRIC_NAMES: readonly string[] = Object.keys(WINDOW_METRICS);
