import type { z } from 'zod';
import type { AsyncQueueStore, QueueStore, ServiceCounters } from '../model/index.js';
import type { Clock, Rng } from '../time/index.js';

/** `take` as a promise (a caller that may await). */
export function takeNext(strategy: Pick<Strategy, 'take'>): Promise<Lease | undefined> {
  return new Promise((resolve) => strategy.take(resolve));
}

/** A unit of work inside the service. `priority` is an index into PRIORITIES (0 = critical). */
export interface Job {
  id: string;
  priority: number;
  inputTokens: number;
  maxTokens: number;
  /** When the service admitted it (service clock, ms). */
  admittedAt: number;
}

/** The service's answer to an offer: what the caller is told. */
export type Admission =
  { kind: 'accepted' } | { kind: 'shed'; status: 429 | 503; retryAfterS: number; reason: string } | { kind: 'rejected'; status: 500; reason: string };

/** A job handed to a worker. `lease` lets a durable strategy tell a stale hand-back from a live one. */
export interface Lease {
  job: Job;
  lease: number;
}

export type Settlement = { ok: true } | { ok: false; reason: string };

/**
 * What a settle did to the job: `terminal` when it ended for good (completed, or failed with
 * `reason` to report); not terminal when a durable strategy will try it again (a retry, or a
 * stale lease whose job another worker now holds). In-memory strategies are always terminal.
 */
export type SettleResult = { terminal: true; reason?: string } | { terminal: false };

/** The durable store a strategy needs: the engine opens it before the run and passes it as `deps.store`. */
export interface StoreSpec {
  kind: 'sqlite' | 'memory' | 'redis';
  /** The queue file (sqlite); the engine picks one inside the run's folder when absent. */
  path?: string;
  /** The Redis server (redis). */
  url?: string;
}

/**
 * An ingress strategy: how the service admits work and hands it to workers.
 *
 * Contract (the conformance suite checks it for every registered strategy):
 * - `admit` answers every offer exactly once: accepted, shed (429/503 with a positive
 *   Retry-After) or rejected (500). `drop` may accept and then discard: that is its defect.
 * - `take` delivers the next job, or undefined once the strategy is closed.
 * - `settle` is called once per taken job when the worker is done with it; it says whether the
 *   job ended for good (only then does the service report a failure).
 * - `abandon` (optional) is called instead of `settle` when the worker holding the job died
 *   without acknowledging it: an in-memory job is gone, a durable one comes back when its lease expires.
 * - `depth` is what the strategy holds and has not handed out.
 */
export interface Strategy {
  admit(job: Job, signal?: AbortSignal): Admission | Promise<Admission>;
  /**
   * Hands `deliver` the next job: at once if one is ready, else when one is; undefined once the
   * strategy is closed. A callback, not a promise: in virtual time a worker takes a ready job
   * in the same instant without a microtask turn.
   */
  take(deliver: (lease: Lease | undefined) => void): void;
  /** Synchronous for in-memory and embedded stores; a store over the network answers later. */
  settle(lease: Lease, result: Settlement): SettleResult | Promise<SettleResult>;
  abandon?(lease: Lease): void;
  depth(): number;
  /** The counters this service would export as its own metrics. */
  counters(): ServiceCounters;
  close(): void;
}

export interface StrategyDeps {
  clock: Clock;
  /**
   * The strategy ended a job it had accepted, before any worker took it (evicted, expired): the
   * service reports it failed with `reason`. Never called by a strategy whose traits say `ends: false`.
   */
  end(job: Job, reason: string): void;
  rng: Rng;
  capacity: number;
  workers: number;
  /** The process dies (unbounded's out-of-memory); whatever the strategy held is gone. */
  die(reason: string): void;
  /** A durable store, for strategies that want one. */
  store?: QueueStore;
  /** A store shared with other processes (Redis), answered asynchronously; used instead of `store`. */
  sharedStore?: AsyncQueueStore;
}

/**
 * What a strategy promises, declared by its module: the conformance suite holds it to them, and
 * the rest of gameday reads them instead of knowing strategies by name.
 */
export interface StrategyTraits {
  /** Every job it accepts is handed to a worker or ended with a reason (`deps.end`): none vanishes. `drop` does not. */
  keepsAccepted: boolean;
  /** Never holds more than `capacity` jobs. `unbounded` does not, until it dies. */
  bounded: boolean;
  /** May end jobs it accepted itself (evicted, expired), each through `deps.end`. */
  ends: boolean;
  /** Answers every offer "accepted": a caller is never refused, so never retries. */
  acceptsEveryOffer: boolean;
  /** Holds the caller until a queue slot frees (closed-loop backpressure). */
  holdsCallers: boolean;
}

/** One strategy module per file, registered by name. */
export interface StrategyModule<O = Record<string, unknown>> {
  type: string;
  describe: string;
  traits: StrategyTraits;
  optionsSchema: z.ZodType<O>;
  create(options: O, deps: StrategyDeps): Strategy;
  /** The store this strategy needs, from its options; none when absent. Pure: no I/O. */
  storeSpec?(options: O): StoreSpec | undefined;
}
