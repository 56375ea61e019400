import type { Priority, Totals } from './outcome.js';
import type { CrashReport } from './crash-report.js';

export type { CrashReport, StalledRecovery } from './crash-report.js';

/**
 * result.json: the product's contract with CI scripts (DESIGN.md section 4). Names here are
 * stable; add fields freely, never rename. Everything that depends on the wall clock lives under
 * `wall`, so two sim runs of the same scenario and seed compare equal without it.
 */
export interface RunResult {
  version: 1;
  scenario: string;
  description?: string;
  strategy: string;
  mode: 'live' | 'sim';
  seed: number;
  backend: string;
  totals: Totals;
  rates: Rates;
  latency_ms: Percentiles;
  /** Time from the intended send to the service's admission answer (202/429/503/500). */
  admission_latency_ms: Percentiles;
  queue: { max_depth: number; drain_ms: number | null };
  by_priority: Partial<Record<Priority, Totals>>;
  timeline: TimelinePoint[];
  tokens: { input: number; output: number; estimated_cost_usd: number };
  /**
   * Calls at the mock: `total`/`ok`/`by_status` are Messages calls; `count_tokens` and `invalid`
   * (404 unknown route, 400 invalid body) are counted apart and never complete a request;
   * `capped`: refused past `backend.maxRequests` with `service.url`, never served;
   * `in_flight_at_end` were still in progress when the run ended (optional: older results lack them).
   */
  backend_calls: {
    total: number;
    ok: number;
    by_status: Record<string, number>;
    count_tokens?: number;
    invalid?: number;
    capped?: number;
    in_flight_at_end?: number;
  };
  /** How successful backend answers mapped to this run's requests (optional: older results lack it). */
  backend_ids?: BackendIds;
  /** What clients heard, per attempt: "202", "429 retry-after", "500", "connection ECONNREFUSED", "timeout". */
  answers: Record<string, number>;
  /**
   * Why lost requests are lost: the last thing their client heard. `accepted_never_finished` is
   * split further (optional: older results lack the split): `never_reached_backend` (silently
   * dropped), `backend_refused_every_call` (reached Claude, every call failed, the caller was never
   * told) and `backend_call_unfinished` (a call still in progress, or its answer cut, at the end).
   */
  lost_breakdown: {
    accepted_never_finished: number;
    connection_error: number;
    timeout: number;
    not_sent: number;
    never_reached_backend?: number;
    backend_refused_every_call?: number;
    backend_call_unfinished?: number;
  };
  /** Why requests ended `failed`, with counts. */
  failures: Record<string, number>;
  /**
   * What the generator did, judged from when each arrival's first attempt really left (bytes on
   * a socket, or a connection the service refused), never from when it was launched.
   */
  generator: GeneratorReport;
  /**
   * Whether the testbench produced the load it promised (within `generator.tolerance_ms`). An
   * invalid run says nothing about the strategy: its generator fell behind.
   */
  validity: { valid: boolean; reasons: string[] };
  /** The service's own counters, and where they disagree with the ledger. */
  /** null when the service is not gameday's (service.url): its internals are not visible. */
  service_reported: ServiceCounters | null;
  /**
   * The field-by-field check of the service's counters against what clients heard: `compared`
   * false when there are no counters; `differing` names each field that differs, with both values.
   */
  service_check?: { compared: boolean; differing: string[] };
  /** Everything that does not add up: differing service counters, foreign or unidentified backend answers, work done for refused requests. */
  discrepancies: string[];
  /** Every fault the scenario scheduled, and when it fired on the run's clock (null: it never did). */
  faults?: FaultRecord[];
  /** Crash faults: what the kill took and what came back. */
  crashes: CrashReport[];
  /** How the service came back after the spike or the faults (optional: results before 0.1 lack it). */
  recovery?: RecoveryReport;
  gates: GateResult[];
  /** The run's one verdict (set by the CLI once gates are applied); absent in results written before it existed. */
  verdict?: Verdict;
  duration_ms: { traffic: number; run: number };
  /** The scenario as run (after overrides), so a report is self-describing. */
  config: unknown;
  /** Wall-clock facts: excluded from determinism comparisons. */
  wall: { started_at: string; elapsed_ms: number; gameday_version: string };
  /** Every request of the run, present only when asked for (`--requests`, RunOptions.requests). */
  requests?: RequestRows;
}

/**
 * One column per field, one entry per request in the plan's order (index i of every column is
 * request i): compact in JSON, and every request once, whatever its outcome.
 */
export interface RequestRows {
  /** The run-unique request id (what the mock and the service see). */
  id: string[];
  priority: string[];
  /** When the request was due, in ms since the traffic began. */
  intended_ms: number[];
  outcome: string[];
  /** Client attempts, its retries included. */
  attempts: number[];
  /** From the intended time to completion (ms); null unless completed. */
  latency_ms: (number | null)[];
  /** What the client last heard: accepted, shed, rejected, network, timeout, or none. */
  answer: string[];
}

export interface GeneratorReport {
  /** Arrivals whose first attempt left the generator (absent in results before validity was judged). */
  sent?: number;
  /** Arrivals never sent: the generator's shortfall (not_due included). */
  unsent: number;
  /** Of the unsent, arrivals not yet due when an interrupt stopped the run. */
  not_due?: number;
  /** Of the unsent, arrivals the generator gave up on, more than 5 s behind schedule. */
  abandoned?: number;
  /** Arrivals sent later than the tolerance allows. */
  late_sends: number;
  max_lag_ms: number;
  /** Send lag from intended time to written: p50, p99, max (ms). */
  lag_ms?: { p50: number; p99: number; max: number };
  /** The generator thread's event-loop utilisation over the run (0..1); null in virtual time. */
  event_loop_utilization?: number | null;
  /** Connections the generator may hold open to the service at once (its budget, not what it used). */
  connection_budget?: number | null;
  errors?: number;
  tolerance_ms?: { lag_p99: number; late: number };
}

export interface BackendIds {
  /** Successful Messages answers that carried no gameday id: work nobody can attribute. */
  without_id: number;
  /** Successful answers for ids of another run (or never scheduled): counted apart, never credited. */
  foreign: number;
  /** Requests whose client was refused (shed/rejected) although the backend did their work: wasted calls. */
  processed_although_refused: number;
  /** Successful calls by how many of this run's ids they carried ("1": n, "5": m for a batching service). */
  batch_sizes: Record<string, number>;
}

export interface Rates {
  drop_rate: number;
  shed_rate: number;
  reject_rate: number;
  fail_rate: number;
  completion_rate: number;
  target_rps: number;
  achieved_rps: number;
  retry_amplification: number;
  backend_calls_per_completed: number;
}

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  count: number;
}

/** One second of the run. `lost` is attributed to the second the request was scheduled. */
export interface TimelinePoint {
  t: number;
  offered: number;
  accepted: number;
  completed: number;
  shed: number;
  rejected: number;
  failed: number;
  lost: number;
  depth: number;
  /** Completion latency percentiles of requests completed in this second (ms), null if none. */
  p50_ms: number | null;
  p99_ms: number | null;
}

export interface ServiceCounters {
  received: number;
  accepted: number;
  shed: number;
  rejected: number;
  processed: number;
  failed: number;
  depth: number;
}

export interface FaultRecord {
  kind: string;
  /** When it was scheduled (ms). */
  at_ms: number;
  /** When it fired (ms), or null if the run ended first. */
  fired_at_ms: number | null;
}

/** A fault as it fired: crash kinds report the moment they acted. */
export interface FaultFiring {
  kind: string;
  at_ms: number;
}

/**
 * Recovery, measured from the end of the disturbance: the peak traffic phase (the spike) and the
 * fault windows, whichever apply; the whole traffic window if neither does.
 */
export interface RecoveryReport {
  window: { start_ms: number; end_ms: number; cause: 'spike' | 'faults' | 'spike+faults' | 'traffic' };
  /** From the end of the disturbance until nothing was left waiting in the queue; null if that never happened. */
  drain_ms: number | null;
  /** Completion p50 of requests scheduled before the disturbance: the level to come back to (null: none). */
  baseline_p50_ms: number | null;
  /**
   * From the end of the disturbance until requests scheduled from then on completed within
   * 1.5× the baseline p50 (per-second medians, every later second included); null if never or no baseline.
   */
  latency_recovered_ms: number | null;
  /** Admission (the 202) to the first backend call, over requests that reached the backend. */
  queue_wait_ms: Percentiles;
  /** Backend answers over the run: 429 (rate and spend limits) and 529 (overloaded). */
  backend_429: number;
  backend_529: number;
}

export interface GateResult {
  expr: string;
  value: number | null;
  pass: boolean;
  /** Why it failed or what it compared against (e.g. a baseline value). */
  detail?: string;
}

/** compare.json: a list of the per-strategy results of one comparison. */
export interface CompareResult {
  version: 1;
  scenario: string;
  mode: 'live' | 'sim';
  seed: number;
  strategies: string[];
  /** Paths (relative to compare.json) of each strategy's result.json, in `strategies` order. */
  results: string[];
  /** The comparison's one verdict: the worst of its strategies' (absent in files written before it existed). */
  verdict?: Verdict;
  /** Strategies an interrupt kept from running. */
  not_run?: string[];
}

/**
 * What a run concluded, decided once (here) and shown the same way everywhere: the terminal's
 * last line, summary.md, report.html, junit.xml and the exit code.
 * - `pass`: every gate held (an expected failure that did fail is also a pass: the check worked).
 * - `fail`: a gate failed, or a strategy expected to fail passed.
 * - `invalid`: the testbench could not produce the load it promised; nothing is concluded about the strategy.
 * - `interrupted`: SIGINT/SIGTERM stopped the run; what was measured up to then is kept.
 * - `aborted`: a live abort condition stopped the run (reserved).
 */
export type VerdictStatus = 'pass' | 'fail' | 'invalid' | 'interrupted' | 'aborted';

export interface Verdict {
  status: VerdictStatus;
  /** The run's gates were expected to fail (compare --expect-fail). */
  expected_failure: boolean;
  reasons: string[];
}
