/** What a crash fault or a service's own death took, and what came back (result.json's `crashes`). */
export interface CrashReport {
  at_ms: number;
  /**
   * The kind of the crash fault that did it (any fault module with a `crash`), or `service-died`:
   * the service killed itself (unbounded out of memory) and was not restarted.
   */
  kind: string;
  reason?: string;
  /** crash-service that landed while the service was already down: nothing was killed and no restart was scheduled. */
  service_was_down?: boolean;
  queued_at_kill: number;
  in_flight_at_kill: number;
  recovered_after_restart: number;
  restart_ms: number | null;
  /** Why no restart followed the kill: the restart failed, or the run was stopped first (the service then stayed down). */
  restart_error?: string;
  time_to_recover_ms: number | null;
  /**
   * crash-service: how old the killed process's counters were at the kill (ms): what it counted
   * after its last report (gameday's service) or its last metrics reading read just before the
   * kill (your own) died with it. null: it never reported. Absent: no counters to read.
   */
  counters_age_ms?: number | null;
  /** crash-service: client attempts refused or reset while the service was down (from the kill to the restart). */
  connection_errors?: number;
  /**
   * crash-service: the requests the killed process had accepted (2xx) and not finished at the
   * kill, from the ledger (the runner's view of what the service held), and how each one ended.
   */
  /** `completed_by_ms`: when the last of them completed, in ms after the kill (null: none did; absent in older results). */
  unfinished_at_kill?: { requests: number; completed: number; failed: number; lost: number; completed_by_ms?: number | null };
  /** crash-service on your own service: the managed process killed, which instances, their pids. */
  process?: { process: string; instances: number[]; pids: number[]; outside_group?: number[] };
  /**
   * crash-worker of a worker process on a shared queue: how many jobs the dead process held (read
   * from the queue, where its leases outlived it) and when each came back after the kill, in ms
   * (stalled recovery; null: not back by the end of the run). Sorted, soonest first.
   * `answered_before_kill`: of those, the backend had already answered (the mock's record, read
   * right after the kill): their redelivery calls the backend again, so each is a duplicate.
   * `duplicated`: of those, the ones the backend completed more than once by the end of the run
   * (also a call cut off by the kill that the backend finished anyway); the run's duplicates
   * come from these when nothing else redelivers.
   */
  stalled?: { held: number; answered_before_kill: number; duplicated: number; back_ms: (number | null)[] };
}

/** The jobs a killed worker process held, and when each came back (ms after the kill; null while still held). Filled in as they do. */
export interface StalledRecovery {
  ids: string[];
  answered_before_kill: number;
  back_ms: (number | null)[];
}
