/** Parts of result.json: what the generator did, and how backend answers mapped to this run's ids. */
import type { Outcome } from './outcome.js';

/** Where a run stopped early left the requests it cut short (result.unfinished_at_stop; totals.unfinished_at_stop is their sum). */
export interface UnfinishedAtStop {
  /** Requests whose attempt was still waiting for the service's answer. */
  in_flight: number;
  /** Jobs the durable queue still held, by state (present when it held any). */
  queue?: {
    /** The queue file, or the Redis server and key prefix. */
    where: string;
    /** Due, or waiting for a retry. */
    ready: number;
    /** Claimed by a worker that had not finished (or died holding it: it comes back when its lease expires). */
    leased: number;
  };
}

export interface GeneratorReport {
  /** Arrivals whose first attempt left the generator (absent in results before validity was judged). */
  sent?: number;
  /** Arrivals never sent: the generator's shortfall (not_due included). */
  unsent: number;
  /** Of the unsent, arrivals not yet due when an interrupt or an abort stopped the run (no shortfall of the generator's). */
  not_due?: number;
  /** Of the unsent, arrivals the generator gave up on, more than 5 s behind schedule. */
  abandoned?: number;
  /** Arrivals sent later than `traffic.tolerance.late` (a fact: what decides validity is their effect). */
  late_sends: number;
  max_lag_ms: number;
  /** Send lag from intended time to written: p50, p99, max (ms). */
  lag_ms?: { p50: number; p99: number; max: number };
  /** The generator thread's event-loop utilisation over the run (0..1); null in virtual time. */
  event_loop_utilization?: number | null;
  /** Connections the generator may hold open to the service at once (its budget, not what it used). */
  connection_budget?: number | null;
  errors?: number;
  /** Sent within this of their time counts as on time (older results: the lag limits that judged them). */
  tolerance_ms?: { late: number; lag_p99?: number };
}

/**
 * How far behind its plan the generator fell, in arrivals: the most, at any instant, of arrivals
 * intended by then (less the grace) that had not yet been sent. Arrivals never sent count to the end.
 */
export interface Displacement {
  /** D: the largest displacement (arrivals). */
  arrivals: number;
  /** When it was reached (ms on the run's clock). */
  at_ms: number;
  /** The span around it during which the generator was at least half as far behind (ms), or null with none. */
  window_ms: [number, number] | null;
  /** The latest any arrival intended within that span left (ms). */
  lag_ms?: number;
  /** Arrivals still behind when the traffic was due to end. */
  behind_at_traffic_end: number;
  /** An arrival sent within this of its time counts as on time (ms). */
  grace_ms: number;
}

/**
 * The generator's own effect on the counts, measured (Figures: result.ts's ReplayFigures, a
 * parameter so that the types import one way): the same strategy and seed run in virtual
 * time twice, once with every arrival on time and once with each leaving when it really did.
 */
export interface ReplayReport<Figures> {
  on_time: Figures;
  as_sent: Figures;
  /** as_sent − on_time, per outcome. */
  difference: Record<Outcome, number>;
  /** The largest |difference| over the outcomes: the measured count uncertainty. */
  max_difference: number;
}

/** Whether the run's counts can be trusted to say what the strategy did, and why (not). */
export interface Validity<Figures> {
  valid: boolean;
  reasons: string[];
  /** Absent in results written before validity was judged by effect. */
  displacement?: Displacement;
  /** 2·D: the most any outcome count could move had every arrival left on time (requests). */
  count_uncertainty?: number;
  /** The measured effect (gameday's own strategies), or why there is none. */
  replay?: ReplayReport<Figures> | { skipped: string };
  /** What decided: the gates that could flip within the uncertainty, each with its worst case. */
  could_flip?: string[];
}

/** Message Batches at the mock: batches created, their requests, how each request ended once its results went out, and their tokens (billed at half). */
export interface BatchStats {
  created: number;
  requests: number;
  succeeded: number;
  errored: number;
  canceled: number;
  expired: number;
  input_tokens: number;
  output_tokens: number;
}

/** The failure reason of a job your service reported failed without saying why. */
export const FAILED_WITHOUT_REASON = 'reported failed by the service';

/** How your own service reported each job's result (service.delivery), and what gameday heard. */
export interface DeliveryReport {
  /** `callback`: the service POSTed results to gameday; `status`: gameday polled its status route. */
  signal: 'callback' | 'status';
  /** The callback URL gameday served, or the status route it polled. */
  endpoint: string;
  /** Final reports heard: callbacks received, or polls that found a job done or failed. */
  reports: number;
  /** Reports for ids this run never scheduled (another run's, or none at all): counted apart, never credited. */
  unknown_ids: number;
  /** Callbacks gameday could not read (not JSON, no id, a status other than completed or failed), refused with 400. */
  invalid: number;
  /** What was wrong with the last one refused. */
  last_invalid?: string;
  /** Reports that contradict an earlier one for the same job (completed, then failed, or the reverse): the completion stands. */
  conflicting?: number;
  /** Status polls sent, and those that failed (no answer, not 2xx, not JSON). */
  polls?: number;
  failed_polls?: number;
  last_error?: string;
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
  /** Completed jobs by how many distinct steps their answered calls made ("2": n for a two-call chain); only when some job took more than one. */
  steps_per_job?: Record<string, number>;
}

/** The harnesses a run can use (see docs/architecture.md). */
export type HarnessName = 'sim' | 'external' | 'cluster' | 'child' | 'in-process';
