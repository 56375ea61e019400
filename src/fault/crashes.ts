import type { CrashReport, Ledger } from '../model/index.js';
import { faultModule, type Fault } from './registry.js';
import type { CommandRunner, CrashRun, CrashTarget, FaultEvent } from './types.js';

/**
 * Schedules a scenario's crash faults on the target's clock; each writes a CrashReport (what the
 * kill took, what came back, how long recovery took). `cancel` drops what has not fired yet;
 * `finish` does the accounting that needs the whole run (which requests each kill caught).
 */
export function scheduleCrashes(
  faults: readonly Fault[],
  target: CrashTarget,
  reports: CrashReport[],
  ledger: Ledger,
  emit: (e: FaultEvent) => void,
  commands: CommandRunner,
  opts: { held?: boolean } = {},
): { arm(): void; cancel(): void; cancelUnfired(): void; finish(endAt: number): void; restarting(): boolean; holdUntil(recoverMs: number): number } {
  const run: CrashRun = { target, ledger, reports, emit, commands, cancels: [], over: false, serviceDown: false, awaitingRestart: new Set(), afterRun: [] };
  // The scheduled kills, apart from the restarts and recovery watches they start once they fire.
  const unfired: (() => void)[] = [];
  let armed = false;
  // Each at its time on the run's clock (one already due fires now).
  const arm = () => {
    if (armed || run.over) return;
    armed = true;
    for (const f of faults) {
      const crash = faultModule(f).crash;
      if (!crash) continue;
      const failed = (err: unknown) =>
        emit({ type: 'fault', atMs: target.clock.now(), kind: `${f.kind}-failed`, detail: err instanceof Error ? err.message : String(err) });
      unfired.push(target.clock.setTimer(Math.max(0, f.at - target.clock.now()), () => void crash(f, run).catch(failed)));
    }
  };
  if (!opts.held) arm();
  return {
    /** Held ones (`held`: until the steady state says go) are scheduled now. */
    arm,
    cancel: () => {
      run.over = true;
      [...unfired.splice(0), ...run.cancels.splice(0)].forEach((c) => c());
      // Only a stopped run ends with a restart still to come (holdUntil kept any other going): said, never a silent 'never'.
      for (const report of run.awaitingRestart) report.restart_error ??= 'the run was stopped before the service was started again';
    },
    // An abort: no new kill, but a service already killed is still restarted.
    cancelUnfired: () => {
      armed = true; // a held kill is never armed after a stop
      unfired.splice(0).forEach((c) => c());
    },
    finish: (endAt) => run.afterRun.forEach((account) => account(endAt)),
    /** A killed service is still to restart: the run must not end, however idle it looks. */
    restarting: () => run.awaitingRestart.size > 0,
    /**
     * How long the run must go on for its crashes: while a killed service is still to restart,
     * without end (the restart settles, or fails, within its own timeout); after the last restart,
     * `recoverMs` more if the queue is still busy, so a late kill is followed by its restart and
     * its recovery whatever the store, never cut off by the end of the drain.
     */
    holdUntil: (recoverMs) => (run.awaitingRestart.size > 0 ? Infinity : run.lastRestartAt === undefined ? 0 : run.lastRestartAt + recoverMs),
  };
}
