import type { AbortRecord, HypothesisReport, JournalEvent } from './game-day.js';
import type { Priority, Totals } from './outcome.js';
import type { CrashReport } from './crash-report.js';
import type { ManagedProcessesReport, MetricsPollReport } from './managed-report.js';
import type { RequestRows } from './request-rows.js';
import type { BackendIds, BatchStats, DeliveryReport, GeneratorReport, ReplayReport, UnfinishedAtStop, Validity, HarnessName } from './run-parts.js';
import type { FigureSection } from './figures.js';
import type { TargetReport } from './target-report.js';
import type { CommandRecord } from './command-record.js';

export type { CrashReport, StalledRecovery } from './crash-report.js';

/**
 * result.json: the product's contract with CI scripts (docs/architecture.md). Names here are
 * stable; add fields freely, never rename. Everything that depends on the wall clock lives under
 * `wall`, so two sim runs of the same scenario and seed compare equal without it.
 */
export interface RunResult {
  version: 1;
  scenario: string;
  description?: string;
  strategy: string;
  mode: 'live' | 'sim';
  /** Sim runs: the simulation engine's version (SIM_ENGINE); absent in live runs, and in sim results made before it was recorded (version 1). */
  sim_engine?: number;
  seed: number;
  backend: string;
  totals: Totals;
  rates: Rates;
  latency_ms: Percentiles;
  /** Time from the intended send to the service's admission answer (202/429/503/500). */
  admission_latency_ms: Percentiles;
  /**
   * `depth_visible` false (your own service without service.metrics): gameday cannot see its
   * queue, so `max_depth` and `drain_ms` are null, never a made-up 0 (absent in older results: visible).
   */
  queue: { max_depth: number | null; drain_ms: number | null; depth_visible?: boolean };
  by_priority: Partial<Record<Priority, Totals>>;
  timeline: TimelinePoint[];
  /** `cache_creation` and `cache_read`: prompt-caching input tokens, apart from `input` and priced apart (present only when a call used the cache). */
  tokens: { input: number; output: number; estimated_cost_usd: number; cache_creation?: number; cache_read?: number };
  /**
   * Calls at the mock: `total`/`ok`/`by_status` are Messages calls; `count_tokens` and `invalid`
   * (404 unknown route or model, 400 invalid body, 401 missing or wrong key) are counted apart and never complete a request;
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
    /** Message Batches: batches created, their requests, and how each ended once its results went out (tokens apart: batches cost half). */
    batches?: BatchStats;
    /**
     * With the real API (`backend.kind: claude`): where gameday's front door sent calls, and how
     * many HTTP calls it sent there, every route and the model check before the run included:
     * the figure the API's own count shows. Calls a fault answered never reached it.
     */
    upstream?: { url: string; calls: number };
  };
  /** How successful backend answers mapped to this run's requests (optional: older results lack it). */
  backend_ids?: BackendIds;
  /** What clients heard, per attempt: "202", "429 retry-after", "503 retry-after 0" (retry now), "500", "connection ECONNREFUSED", "timeout". */
  answers: Record<string, number>;
  /**
   * Why lost requests are lost: the last thing their client heard. `accepted_never_finished` is
   * split further (optional: older results lack the split): `never_reached_backend` (silently
   * dropped), `backend_refused_every_call` (reached Claude, every call failed, the caller was never
   * told), `backend_call_unfinished` (a call still in progress, or its answer cut, at the end) and
   * `backend_call_aborted` (the caller closed a call before its answer was whole: a stream the
   * service stopped reading, its own timeout, a killed process).
   */
  lost_breakdown: {
    accepted_never_finished: number;
    connection_error: number;
    timeout: number;
    not_sent: number;
    /** Results before totals.not_sent only: arrivals not yet due when the traffic stopped, then counted in not_sent. */
    not_due?: number;
    never_reached_backend?: number;
    backend_refused_every_call?: number;
    backend_call_unfinished?: number;
    backend_call_aborted?: number;
    /** With a delivery signal: answered at the backend, never delivered by the service. */
    answered_not_delivered?: number;
  };
  /** Present exactly when the run was stopped early (an abort, an interrupt): what the stop cut short, and where (totals.unfinished_at_stop). */
  unfinished_at_stop?: UnfinishedAtStop;
  /** Why requests ended `failed`, with counts. */
  failures: Record<string, number>;
  /**
   * What the generator did, judged from when each arrival's first attempt really left (bytes on
   * a socket, or a connection the service refused), never from when it was launched.
   */
  generator: GeneratorReport;
  /**
   * Whether the generator's lateness could have changed what the run concludes (its gates, or
   * its counts by more than `traffic.tolerance.uncertainty`). An invalid run says nothing about the strategy.
   */
  validity: RunValidity;
  /** The service's own counters, and where they disagree with the ledger. */
  /**
   * null when the service is not gameday's (service.url) and has no service.metrics: its internals
   * are not visible. With service.metrics, only the mapped fields are present.
   */
  service_reported: Partial<ServiceCounters> | null;
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
  /** Your own service's processes (service.processes): where their output went, every pid started, and each exit nobody asked for. */
  managed_processes?: ManagedProcessesReport;
  /** Your own commands: each `command` fault as it ran, its undo and each rollback at the end. */
  commands?: CommandRecord[];
  /** Your own service's address, when it is not this machine or is reached over https. */
  target?: TargetReport;
  /** Your own service's delivery signal (service.delivery): `completed` then means delivered. Absent: completed = answered at the backend. */
  delivery?: DeliveryReport;
  /** Your own service's metrics endpoint (service.metrics): how often it was read and whether it answered. */
  service_metrics?: MetricsPollReport;
  /** How the service came back after the spike or the faults (optional: results before 0.1 lack it). */
  recovery?: RecoveryReport;
  gates: GateResult[];
  /** The steady-state hypothesis, judged per window (present when the scenario has one). */
  hypothesis?: HypothesisReport;
  /** The abort condition that stopped the traffic (present only on an aborted run). */
  abort?: AbortRecord;
  /** The event journal: phases, faults, crashes, restarts, recovery, hypothesis checks, the abort (absent in older results). */
  events?: JournalEvent[];
  /** The run's one verdict (set by the CLI once gates are applied); absent in results written before it existed. */
  verdict?: Verdict;
  duration_ms: { traffic: number; run: number };
  /** The scenario as run (after overrides), so a report is self-describing. */
  config: unknown;
  /** Wall-clock facts: excluded from determinism comparisons. */
  wall: { started_at: string; elapsed_ms: number; gameday_version: string; machine?: MachineLoad };
  /** Which harness ran it: a simulation, your own service, gameday's service as a cluster, in a child process or in this one. */
  harness?: HarnessName;
  /** Every request of the run, present only when asked for (`--requests`, RunOptions.requests). */
  requests?: RequestRows;
}

/** The figures gates read, from one replay in virtual time (validity.replay). */
export type ReplayFigures = Pick<RunResult, FigureSection>;
export type RunReplay = ReplayReport<ReplayFigures>;
export type RunValidity = Validity<ReplayFigures>;

/** The machine a run ran on, at its start and end: what a reader lines a late generator up with. */
export interface MachineLoad {
  cpus: { start: number; end: number };
  /** The 1-minute load average (0 where the platform has none). */
  load_average: { start: number; end: number };
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
  /** Deepest queue in the second; null when not visible (your own service without service.metrics). */
  depth: number | null;
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
  /**
   * From the end of the disturbance until workers emptied the queue; null if that never happened, if
   * loss emptied it instead (the service died, a kill lost its queue, the run was aborted first), or
   * the queue is not visible.
   */
  drain_ms: number | null;
  /** false: the queue is not visible (your own service without service.metrics), so neither is its drain. Absent: visible. */
  drain_visible?: boolean;
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
  /** The value in its unit as every report prints it ("8.16 s" for a latency); absent in older results. */
  measured?: string;
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
 * - `invalid`: the load generator fell far enough behind to change what this run concludes (its gates, or its counts by more than the tolerance); nothing is concluded about the strategy.
 * - `interrupted`: SIGINT/SIGTERM stopped the run; what was measured up to then is kept.
 * - `aborted`: an abort condition stopped the traffic; what was measured up to then is kept.
 */
export type VerdictStatus = 'pass' | 'fail' | 'invalid' | 'interrupted' | 'aborted' | 'not_run';

export interface Verdict {
  status: VerdictStatus;
  /** The run's gates were expected to fail (compare --expect-fail). */
  expected_failure: boolean;
  reasons: string[];
  /** With status `interrupted`: the signal that stopped the run, so a re-render exits as the run did (130 or 143). */
  signal?: 'SIGINT' | 'SIGTERM';
}
