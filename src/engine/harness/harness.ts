import type { BackendStats } from '../../backend/index.js';
import type { Clock } from '../../time/index.js';
import type { CrashReport, RunResult, ServiceCounters, StalledRecovery } from '../../model/index.js';
import type { KilledProcesses, ProcessChoice } from '../../fault/index.js';
import type { Transport } from '../../load/index.js';

/**
 * What the run loop needs from a mode: a clock, a way to reach the service, a view of the
 * service's state, and the fault hooks. Live mode backs it with processes and sockets; sim mode
 * with the same service code on a virtual clock.
 */
export interface Harness {
  clock: Clock;
  transport: Transport;
  /** Where the service listens (live mode only). */
  serviceUrl?: string;
  /** Where a worker on another machine calls the run's mock, and how that address was chosen (published for `gameday worker`). */
  reachableBackend?: { url: string; note?: string };
  /** Nothing queued and nothing in flight (false while the service is down). */
  idle(): boolean;
  /** Jobs waiting in the service's queue; null: not visible (your own service without service.metrics). */
  depth(): number | null;
  /** Backend calls the service has in flight now (its busy workers); null or absent: not visible. Read for the progress line only. */
  inFlight?(): number | null;
  /** The service's own counters; null when they are not visible (service.url without service.metrics). */
  counters(): Partial<ServiceCounters> | null;
  backendStats(): BackendStats;
  /**
   * The traffic starts now: the run's clock (in every process and thread of the run) is set to 0
   * here, so start-up time is never counted as the generator's lag or the service's latency.
   */
  begin(): Promise<void>;
  /** Resolves once every call and answer the backend has seen so far is in the ledger (the mock may report from another thread). */
  settle(): Promise<void>;
  /** Kills the service (on your own service: the managed process chosen); returns what it held at that moment. */
  crashService(which?: ProcessChoice): Promise<{ queued: number; inFlight: number; killed?: KilledProcesses; countersAgeMs?: number | null }>;
  /**
   * Starts it again; returns how many held jobs it recovered (a durable queue's backlog), how
   * many client attempts got a connection error while it was down, and when it began to accept
   * connections again (if not now: a process reports it after the fact).
   */
  restartService(): Promise<{ recovered: number; connectionErrors?: number; upAt?: number }>;
  /**
   * Kills one busy worker mid-job, without acknowledging; a fresh worker replaces it. A worker
   * process on a shared queue also says when each job it held came back (`stalled`).
   */
  crashWorker(): { abandoned: number; stalled?: StalledRecovery } | Promise<{ abandoned: number; stalled?: StalledRecovery }>;
  /**
   * No backend fault acts from `fromMs` on (held while the steady state is checked, and for good
   * when it did not hold); undefined: they act as scheduled again.
   */
  holdFaults(fromMs: number | undefined): Promise<void> | void;
  /** The service killed itself (unbounded out of memory): one report per death. */
  deaths: CrashReport[];
  /** Sections of result.json only this mode knows (managed processes, the service's metrics polling). */
  extras?(): Partial<RunResult>;
  close(): Promise<void>;
}
