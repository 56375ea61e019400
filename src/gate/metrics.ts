import { endedCount, STOPPED, type Percentiles, type Rates, type RunResult, type Stopped, type Totals } from '../model/index.js';

const isStopped = (key: keyof Totals): key is Stopped => (STOPPED as readonly string[]).includes(key);

/**
 * The unit a metric is measured in; it decides which threshold forms fit: `ratio` takes
 * percentages (1% = 0.01), `ms` takes durations (250ms, 2s), the others plain numbers only.
 * `rps` and `usd` exist so request rates and money are never mistaken for ratios or counts.
 */
export type MetricUnit = 'count' | 'ratio' | 'ms' | 'rps' | 'usd';

/** Which direction is an improvement; a baseline regression is a move the other way. */
export type Better = 'lower' | 'higher' | 'neither';

/** The counts a rate of scheduled requests divides. */
export type RateNumerator = 'lost' | 'shed' | 'rejected' | 'failed' | 'completed' | 'attempts';

/** What gates read: a result without its timeline and wall-clock facts (so a saved baseline fits too). */
export type MetricSource = Omit<RunResult, 'timeline' | 'wall'>;

/** One entry of the catalogue. `get` returns null when the result holds no value for it. */
export interface MetricDef {
  unit: MetricUnit;
  better: Better;
  description: string;
  get(result: MetricSource): number | null;
}

/** A metric that also exists per priority, computed from that priority's totals. */
export interface PriorityMetricDef {
  unit: MetricUnit;
  better: Better;
  description: string;
  get(totals: Totals): number | null;
}

/** A non-finite number (NaN from 0/0, or null in JSON) is "no data", never a value that passes. */
function finite(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

const TOTALS: Record<keyof Totals, [Better, string]> = {
  scheduled: ['neither', 'logical requests scheduled'],
  completed: ['higher', 'requests completed (observed at the backend boundary)'],
  shed: ['lower', 'requests shed with an explicit backpressure answer (429/503 + Retry-After)'],
  rejected: ['lower', 'requests rejected with an error and no guidance'],
  failed: ['lower', 'requests accepted, then ended in a reported terminal failure'],
  lost: ['lower', 'requests silently lost: no outcome by the end of the drain'],
  not_sent: ['neither', 'arrivals not yet due when the run stopped early (an abort or an interrupt): not lost'],
  unfinished_at_stop: ['lower', 'jobs a durable queue still held when the run stopped: not lost, not done'],
  duplicates: ['lower', 'extra backend completions of requests already completed'],
  attempts: ['lower', 'client attempts, retries included'],
};

/**
 * Rates that can be recomputed from any set of requests' counts as numerator / scheduled: one
 * priority's totals (gates), or one time window's (abort conditions, the hypothesis).
 */
export const RATES_OF_SCHEDULED: Readonly<Record<string, [RateNumerator, Better, string]>> = {
  drop_rate: ['lost', 'lower', 'lost / scheduled'],
  shed_rate: ['shed', 'lower', 'shed / scheduled'],
  reject_rate: ['rejected', 'lower', 'rejected / scheduled'],
  fail_rate: ['failed', 'lower', 'failed / scheduled'],
  completion_rate: ['completed', 'higher', 'completed / scheduled'],
  retry_amplification: ['attempts', 'lower', 'attempts / scheduled'],
};

const RATES: Record<keyof Rates, [MetricUnit, Better, string]> = {
  drop_rate: ['ratio', 'lower', 'lost / scheduled'],
  shed_rate: ['ratio', 'lower', 'shed / scheduled'],
  reject_rate: ['ratio', 'lower', 'rejected / scheduled'],
  fail_rate: ['ratio', 'lower', 'failed / scheduled'],
  completion_rate: ['ratio', 'higher', 'completed / scheduled'],
  target_rps: ['rps', 'neither', 'offered arrival rate the scenario asked for (req/s)'],
  achieved_rps: ['rps', 'higher', 'arrival rate the generator achieved (req/s)'],
  retry_amplification: ['ratio', 'lower', 'attempts / requests sent'],
  backend_calls_per_completed: ['ratio', 'lower', 'backend calls / completed requests'],
};

function totalsMetrics(): Record<string, MetricDef> {
  const out: Record<string, MetricDef> = {};
  for (const [name, [better, description]] of Object.entries(TOTALS)) {
    const key = name as keyof Totals;
    // The stopped states are written only when nonzero: absent is 0, not "no data".
    const get = isStopped(key) ? (r: RunResult) => finite(r.totals[key] ?? 0) : (r: RunResult) => finite(r.totals[key]);
    out[name] = { unit: 'count', better, description, get };
  }
  return out;
}

function rateMetrics(): Record<string, MetricDef> {
  const out: Record<string, MetricDef> = {};
  for (const [name, [unit, better, description]] of Object.entries(RATES)) {
    const key = name as keyof Rates;
    out[name] = { unit, better, description, get: (r) => finite(r.rates[key]) };
  }
  return out;
}

type Stat = Exclude<keyof Percentiles, 'count'>;

/** `p99_latency` reads latency_ms.p99; `admission_p99` reads admission_latency_ms.p99. */
function latencyMetrics(field: 'latency_ms' | 'admission_latency_ms', stats: Stat[]): Record<string, MetricDef> {
  const out: Record<string, MetricDef> = {};
  const admission = field === 'admission_latency_ms';
  for (const stat of stats) {
    const name = admission ? `admission_${stat}` : `${stat}_latency`;
    const description = `${stat} ${admission ? 'admission' : 'completion'} latency (ms)`;
    out[name] = { unit: 'ms', better: 'lower', description, get: (r) => finite(r[field][stat]) };
  }
  return out;
}

/** Every metric a gate or regression rule can name, with no label. */
export const METRICS: Readonly<Record<string, MetricDef>> = {
  ...totalsMetrics(),
  ...rateMetrics(),
  ...latencyMetrics('latency_ms', ['p50', 'p90', 'p99', 'max', 'mean']),
  ...latencyMetrics('admission_latency_ms', ['p50', 'p99']),
  max_depth: { unit: 'count', better: 'lower', description: 'deepest the queue got', get: (r) => finite(r.queue.max_depth) },
  drain_time: {
    unit: 'ms',
    better: 'lower',
    description: 'time the queue took to drain after traffic ended (ms); no data if it did not drain',
    get: (r) => finite(r.queue.drain_ms),
  },
  tokens_input: { unit: 'count', better: 'neither', description: 'input tokens used', get: (r) => finite(r.tokens.input) },
  tokens_output: { unit: 'count', better: 'neither', description: 'output tokens used', get: (r) => finite(r.tokens.output) },
  cost_usd: { unit: 'usd', better: 'lower', description: 'estimated cost (USD)', get: (r) => finite(r.tokens.estimated_cost_usd) },
  ...recoveryMetrics(),
};

/** Recovery after the spike or fault window (result.recovery); no data when the run had none. */
function recoveryMetrics(): Record<string, MetricDef> {
  const rec = (r: MetricSource) => r.recovery;
  return {
    recovery_drain_time: {
      unit: 'ms',
      better: 'lower',
      description: 'from the end of the disturbance until the queue was empty (ms)',
      get: (r) => finite(rec(r)?.drain_ms),
    },
    latency_recovery_time: {
      unit: 'ms',
      better: 'lower',
      description: 'from the end of the disturbance until latency was back to its pre-spike level (ms)',
      get: (r) => finite(rec(r)?.latency_recovered_ms),
    },
    queue_wait_p50: { unit: 'ms', better: 'lower', description: 'p50 of admission to first backend call (ms)', get: (r) => finite(rec(r)?.queue_wait_ms.p50) },
    queue_wait_p99: { unit: 'ms', better: 'lower', description: 'p99 of admission to first backend call (ms)', get: (r) => finite(rec(r)?.queue_wait_ms.p99) },
    backend_429: { unit: 'count', better: 'lower', description: 'backend 429 answers (rate or spend limit)', get: (r) => finite(rec(r)?.backend_429) },
    backend_529: { unit: 'count', better: 'lower', description: 'backend 529 answers (overloaded)', get: (r) => finite(rec(r)?.backend_529) },
  };
}

function priorityMetrics(): Record<string, PriorityMetricDef> {
  const out: Record<string, PriorityMetricDef> = {};
  for (const [name, [better, description]] of Object.entries(TOTALS)) {
    const key = name as keyof Totals;
    out[name] = { unit: 'count', better, description, get: (t) => finite(t[key]) };
  }
  for (const [name, [numerator, better, description]] of Object.entries(RATES_OF_SCHEDULED)) {
    // No requests of that priority means no rate, not a rate of 0 that would pass any `<` gate.
    const get = (t: Totals) => (endedCount(t) > 0 ? finite(t[numerator] / endedCount(t)) : null);
    out[name] = { unit: 'ratio', better, description, get };
  }
  return out;
}

/** Metrics that also take a `{priority=<p>}` label, computed from `by_priority[p]`. */
export const PRIORITY_METRICS: Readonly<Record<string, PriorityMetricDef>> = priorityMetrics();

export const METRIC_NAMES: readonly string[] = Object.keys(METRICS);
export const PRIORITY_METRIC_NAMES: readonly string[] = Object.keys(PRIORITY_METRICS);
