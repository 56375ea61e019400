/** Parts of result.json: what the generator did, and how backend answers mapped to this run's ids. */

export interface GeneratorReport {
  /** Arrivals whose first attempt left the generator (absent in results before validity was judged). */
  sent?: number;
  /** Arrivals never sent: the generator's shortfall (not_due included). */
  unsent: number;
  /** Of the unsent, arrivals not yet due when an interrupt or an abort stopped the run (no shortfall of the generator's). */
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
