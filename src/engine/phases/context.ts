import type { AbortRecord, CrashReport, FaultFiring, JournalEvent, Ledger, ProbeCheck, RunResult, SteadyStateGate } from '../../model/index.js';
import { PRIORITIES } from '../../model/index.js';
import type { Condition } from '../../gate/index.js';
import type { GeneratorStats } from '../../load/index.js';
import type { Plan, Scenario } from '../../scenario/index.js';
import type { scheduleCrashes } from '../../fault/index.js';
import { DepthSeries, journalEntry } from '../../analysis/index.js';
import type { RunListener } from '../events.js';
import type { ReadyProbe } from '../watch/health-probes.js';
import type { Harness } from '../harness/harness.js';
import type { RunStore } from '../queue/run-store.js';
import type { RunOptions } from '../run-options.js';
import { RunCommands } from '../commands.js';
import { Shell } from '../shell.js';
import { dirname } from 'node:path';

/**
 * One run as its phases see it (begin → offer → drain → settle → summarize): what it was given,
 * what it records as it goes, and what each phase leaves for the next. Each phase fills in its
 * part; `close` undoes what `begin` started, whatever phase the run reached.
 */
export interface RunContext {
  readonly s: Scenario;
  readonly plan: Plan;
  readonly ledger: Ledger;
  readonly h: Harness;
  readonly mode: 'live' | 'sim';
  readonly opts: RunOptions;
  /** The abort conditions, parsed before anything started. */
  readonly conditions: Condition[];
  /** The steady-state hypothesis' expressions, parsed before anything started. */
  readonly steadyState: Condition[];
  /** The hypothesis' probes, ready to send (their headers read from the environment before anything started). */
  readonly probes: ReadyProbe[];
  readonly store?: RunStore;
  /** Every run event goes through here (completions go to opts.onCompletion): it records fault firings and the journal, then tells the caller. */
  readonly emit: RunListener;
  /** Every fault that fired, as it fired: result.json lists each scheduled fault with when it did. */
  readonly fired: FaultFiring[];
  /** The journal's entries for what only the run sees happen (crashes, restarts, the drain, an abort). */
  readonly observed: JournalEvent[];
  /** What the client heard, by answer: the misroute watch and the summary read it. */
  readonly answers: Map<string, number>;
  readonly depth: DepthSeries;
  readonly crashes: CrashReport[];
  /** Where your command lines run (command faults, undos, rollbacks, command probes). */
  readonly shell: Shell;
  /** Your commands: the `command` faults, their undos and the rollbacks, each recorded. */
  readonly commands: RunCommands;
  readonly progress: { launched: number };
  /** Set by begin: the run's timers and watches, and how to end the run early. */
  watches?: Watches;
  /** Set by an abort condition that tripped. */
  aborted?: AbortRecord;
  /** The hypothesis' probes as checked (before, with the gate; after, once the run has drained). */
  readonly probeChecks: ProbeCheck[];
  /** Set where the disturbance starts, when the hypothesis gates it: not held, the experiment is not run. */
  steadyGate?: SteadyStateGate;
  /** When the traffic was stopped (an abort, a steady state that did not hold), on the run's clock. */
  stoppedAt?: number;
  /** Set when your service refused gameday's first requests (a wrong URL or missing credentials). */
  misrouted?: string;
  /** Set by offer: what the generator did. */
  generator?: GeneratorStats & { eventLoopUtilization: number | null; connections: number | null };
  /** Set by drain: when the service went idle (null: it never did before the deadline). */
  drained?: number | null;
  /** Set by settle: what a durable queue still held when a stopped run ended. */
  unfinished?: RunResult['unfinished_at_stop'];
}

/** The run's timers and watches, started by begin and stopped by the phases that no longer need them (and by close). */
export interface Watches {
  crashFaults: ReturnType<typeof scheduleCrashes>;
  queueEmpty: { at(): number | null; stop(): void };
  /** Aborted at the run's end (traffic + drain), on an interrupt or a misroute. */
  deadline: AbortController;
  /** Aborted by an abort condition: arrivals not yet due are not sent. */
  trafficStop: AbortController;
  /** When the run ends on its clock (traffic + drain, shortened by an abort). */
  runEnd: number;
  cancelDeadline(): void;
  endRun(): void;
  /** An interrupt (the run's signal): when it came (Infinity: none), and what it does (the run ends now). */
  interruptedAt: number;
  interrupted(): void;
  stopSampling(): void;
  stopTicks(): void;
  stopAbortWatch(): void;
  stopSteadyStateWatch(): void;
  stopMisrouteWatch(): void;
}

/** What a run is given: the scenario, its plan and ledger, the harness, and how it is driven. */
export type RunInputs = Pick<RunContext, 's' | 'plan' | 'ledger' | 'h' | 'mode' | 'opts' | 'conditions' | 'steadyState' | 'probes' | 'store'>;

export function runContext(inputs: RunInputs): RunContext {
  const { opts } = inputs;
  const fired: FaultFiring[] = [];
  const shell = new Shell(dirname(inputs.s.source));
  const observed: JournalEvent[] = [];
  const emit: RunListener = (e) => {
    if (e.type === 'fault') fired.push({ kind: e.kind, at_ms: e.atMs });
    const entry = e.type === 'start' || e.type === 'tick' ? undefined : journalEntry(e);
    if (entry) observed.push(entry);
    opts.onEvent?.(e);
  };
  const { ledger } = inputs;
  const told = opts.onCompletion;
  // The ledger tells the run's completion listener, if it has one, of each request's first completion.
  if (told) ledger.onFirstCompletion = (i, at) => told({ atMs: at, latencyMs: at - ledger.intendedAt[i], priority: PRIORITIES[ledger.priority[i]] });
  return {
    ...inputs,
    emit,
    fired,
    observed,
    answers: new Map(),
    depth: new DepthSeries(),
    crashes: [],
    probeChecks: [],
    shell,
    commands: new RunCommands(inputs.h.clock, shell, inputs.s.rollbacks),
    progress: { launched: 0 },
  };
}

/** A run stopped before its natural end: by an abort condition, a steady state that did not hold, or an interrupt. */
export const stoppedEarly = (ctx: RunContext): boolean => ctx.aborted !== undefined || ctx.steadyGate?.held === false || ctx.opts.signal?.aborted === true;

/** Undoes what begin started, in the order it must be undone, and closes the harness; safe from any phase. */
export async function close(ctx: RunContext): Promise<void> {
  const w = ctx.watches;
  if (w) {
    w.cancelDeadline();
    w.stopAbortWatch();
    w.stopSteadyStateWatch();
    w.stopMisrouteWatch();
    ctx.opts.signal?.removeEventListener('abort', w.interrupted);
    w.crashFaults.cancel();
    w.queueEmpty.stop();
    w.stopSampling();
    w.stopTicks();
  }
  // Undos and rollbacks run whatever happened: here for a run that failed before settle ran them.
  ctx.shell.stopAll();
  await ctx.commands.restore();
  await ctx.h.close();
}
