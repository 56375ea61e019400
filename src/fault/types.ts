import type { z } from 'zod';
import type { Clock, Rng } from '../time/index.js';
import type { CommandRecord, CrashReport, Ledger, StalledRecovery } from '../model/index.js';

/** What every fault has: its kind and when it starts on the run's timeline (ms since the traffic began). */
export interface FaultBase {
  kind: string;
  at: number;
}

/**
 * What an open backend fault does to the mock's calls (and the front door's), from a small open
 * set: refuse, multiply latency by a factor, add a delay, cut a stream, drop the connection, or
 * change the rate limits. The mock asks, call by call, the faults whose window is open now, in the
 * scenario's order. The forecast reads the same effects: a factor k leaves 1/k of the capacity, an
 * added delay d leaves L/(L + d) for a mean call time L, a drop leaves none; a refusal's share is
 * the module's `capacityLeft`.
 */
export interface BackendEffect<F> {
  /** Refuse this call at once? The status to answer, or undefined. Draws from `rng` only when it may refuse. */
  refuse?(f: F, rng: Rng): number | undefined;
  /** The factor this fault multiplies latency by at `now` (1: none). */
  slowdown?(f: F, now: number): number;
  /** A delay added to the start of each call's answer at `now`: drawn uniformly from [min, max] ms. */
  delay?(f: F, now: number): { min: number; max: number };
  /** Per-minute rate limits that replace the backend's own while the fault is open (plain numbers: they travel to the mock's thread). */
  rateLimits?(f: F): RateLimitsOverride;
  /** Cut a stream in progress with this status's error event, or undefined. */
  interrupt?(f: F): number | undefined;
  /** Drop the connection instead of sending the (rest of the) answer. */
  drop?(f: F): boolean;
}

/** Per-minute limits a fault imposes: each one set replaces the backend's own of that kind. */
export interface RateLimitsOverride {
  rpm?: number;
  itpm?: number;
  otpm?: number;
}

/** What a crash acts on: the service gameday started (a Harness is one). */
export interface CrashTarget {
  clock: Clock;
  /**
   * Kills the service (on your own service: the managed process `which` names, default the one
   * serving service.url); returns what it held at that moment.
   */
  /** `countersAgeMs`: how old the killed process's counters were at the kill (see CrashReport.counters_age_ms). */
  crashService(which?: ProcessChoice): Promise<{ queued: number; inFlight: number; killed?: KilledProcesses; countersAgeMs?: number | null }>;
  restartService(): Promise<{ recovered: number; connectionErrors?: number; upAt?: number }>;
  crashWorker(): { abandoned: number; stalled?: StalledRecovery } | Promise<{ abandoned: number; stalled?: StalledRecovery }>;
}

/** Which managed process a crash-service kills: by name, one instance (0-based) or all. */
export interface ProcessChoice {
  target?: string;
  instance?: number | 'all';
}

/** The managed process instances a crash-service killed, with their pids. */
export interface KilledProcesses {
  process: string;
  instances: number[];
  pids: number[];
  /** Processes they started that had left the group (a job runner in its own session), killed with it. */
  outside_group?: number[];
}

/** A fault's moment as run events show it. */
export interface FaultEvent {
  type: 'fault';
  atMs: number;
  kind: string;
  detail: string;
}

/** One run's crash bookkeeping, shared by its crash faults. */
export interface CrashRun {
  target: CrashTarget;
  ledger: Ledger;
  reports: CrashReport[];
  emit(e: FaultEvent): void;
  /** Timers still to fire; the run cancels them when it ends. */
  cancels: (() => void)[];
  /** Set when the run cancelled them: a restart that settles later must not start a new timer. */
  over: boolean;
  /** From a kill until its restart settles, the service is down: nothing to kill. */
  serviceDown: boolean;
  /** Kills whose restart has not settled yet: the run goes on until it does (unless stopped). */
  awaitingRestart: Set<CrashReport>;
  /** When the last restart settled (the run's clock): the run gives it its drain to recover. */
  lastRestartAt?: number;
  /** Accounting done once the run has drained (endAt: the run's last moment). */
  afterRun: ((endAt: number) => void)[];
  /** Your own commands (the `command` fault): run now, or put back when the run ends. */
  commands: CommandRunner;
}

/** Runs your commands for a run and records each (result.json `commands`); the engine provides it. */
export interface CommandRunner {
  /** Runs one now, to its end or its timeout. */
  run(role: CommandRecord['role'], line: string, timeoutMs: number): Promise<CommandRecord>;
  /** Runs this one when the run ends (undos newest first, before the rollbacks). */
  undoAtEnd(line: string, timeoutMs: number): void;
}

/** Where a fault's effect is checked against the rest of the scenario. */
export interface FaultContext {
  workers: number;
  /** The service is the user's own (service.url): gameday cannot kill it or its workers, bar its managed processes. */
  external: boolean;
  /** With service.url: the managed processes (service.processes) by name and instance count; absent: none. */
  processes?: { name: string; count: number }[];
  /** gameday's service as many processes (service.processes counts): its worker processes, which crash-worker kills whole. */
  workerProcesses?: number;
}

/**
 * One fault kind. `optionsSchema` is the whole entry of `faults:` (kind, at and its own options),
 * strict; the rest are pure functions of a parsed entry, bar `crash`, which acts.
 */
export interface FaultModule<F extends FaultBase> {
  kind: F['kind'];
  /** One line on what it does, for `gameday list` and the README's table. */
  describe: string;
  /** One valid entry as a scenario writes it: the registry's tests check every kind with it. */
  example: Record<string, unknown>;
  optionsSchema: z.ZodType<F>;
  /** The entry with its timeline stretched by k (scenario timeScale): when it starts and how long it acts; never a recovery delay. */
  scale(f: F, k: number): F;
  /** [start, end] of the disturbance recovery is measured from. */
  window(f: F): [number, number];
  /**
   * The fraction of the service's capacity left at `t` while it is open, beyond what the forecast
   * reads from `backend`'s factor, delay and drop (an outage's refusals); absent: unchanged.
   */
  capacityLeft?(f: F, t: number): number;
  /** Why a simulation cannot run it (it acts on the real world): live mode only. */
  liveOnly?: string;
  /** It kills the service's process: that needs a real process to kill, and while it is down callers' connections are refused. */
  killsProcess?: boolean;
  /** Problems with the entry given the rest of the scenario: [field, message]. */
  check?(f: F, ctx: FaultContext): [string, string][];
  backend?: BackendEffect<F>;
  /** Acts at `f.at` on the run's crash target. */
  crash?(f: F, run: CrashRun): Promise<void>;
}
