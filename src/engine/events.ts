import type { Priority } from '../model/index.js';

/** What a run tells its subscribers (the progress line, tests). */
export type RunEvent =
  | {
      type: 'start';
      scenario: string;
      strategy: string;
      /** The run's request-id prefix (`gd-<nonce>`): every request it sends carries it, so it names the run in your own logs too. */
      run: string;
      mode: 'live' | 'sim';
      scheduled: number;
      trafficMs: number;
      drainMs: number;
      /** Each scheduled fault's window on the run's clock ([at, at] for a fault of one moment). */
      faults: { kind: string; fromMs: number; toMs: number }[];
      /** A shared Redis queue: where it is and the run's id, so `gameday worker --run` can join. */
      queue?: { url: string; runId: string; prefix: string; backend?: { url: string; note?: string } };
    }
  | {
      type: 'tick';
      elapsedMs: number;
      trafficMs: number;
      drainMs: number;
      launched: number;
      /** Arrivals whose request has left the generator (on a socket). */ sent: number;
      /** Arrivals whose intended time has come before the traffic stopped, if it did (the offered load so far). */
      scheduled: number;
      /** Arrivals due by now less a moment's grace: fewer sent than this is behind schedule. */
      targetSoFar: number;
      /** null: not visible (your own service without service.metrics). */
      depth: number | null;
      accepted: number;
      completed: number;
      shed: number;
      rejected: number;
      failed: number;
      errors: number;
      /** Accepted and not yet completed or failed: the work a drain waits for. */
      pending: number;
      /** Backend calls the service has in flight; null: not visible. */
      inFlight: number | null;
      /** When the drain window ends, on the run's clock (shorter after an abort, longer while a killed service restarts). */
      drainEndsMs: number;
    }
  | { type: 'fault'; atMs: number; kind: string; detail: string }
  | { type: 'phase'; name: 'traffic-done' | 'drained' | 'drain-timeout'; atMs: number }
  /** The steady state checked where the disturbance starts: not held, no fault runs and the traffic stops now. */
  | { type: 'steady-state'; atMs: number; held: boolean; detail: string }
  /** An abort condition tripped: the traffic stops now, the service drains briefly. */
  | { type: 'abort'; atMs: number; expr: string; detail: string };

export type RunListener = (e: RunEvent) => void;

/**
 * A request completed for the first time (at the backend, or delivered): its latency from its
 * intended send time. Told one by one, to a run given `onCompletion` only: what a live latency
 * histogram is made of. (A request its client was refused and the backend did anyway is told too;
 * it stays shed or rejected.)
 */
export interface Completion {
  atMs: number;
  latencyMs: number;
  priority: Priority;
}
