import type { CrashReport, Ledger } from '../model/index.js';
import { faultModule, type Fault } from './registry.js';
import type { CrashRun, CrashTarget, FaultEvent } from './types.js';

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
): { cancel(): void; cancelUnfired(): void; finish(endAt: number): void } {
  const run: CrashRun = { target, ledger, reports, emit, cancels: [], over: false, serviceDown: false, afterRun: [] };
  // The scheduled kills, apart from the restarts and recovery watches they start once they fire.
  const unfired: (() => void)[] = [];
  for (const f of faults) {
    const crash = faultModule(f).crash;
    if (!crash) continue;
    const failed = (err: unknown) =>
      emit({ type: 'fault', atMs: target.clock.now(), kind: `${f.kind}-failed`, detail: err instanceof Error ? err.message : String(err) });
    unfired.push(target.clock.setTimer(f.at, () => void crash(f, run).catch(failed)));
  }
  return {
    cancel: () => {
      run.over = true;
      [...unfired.splice(0), ...run.cancels.splice(0)].forEach((c) => c());
    },
    // An abort: no new kill, but a service already killed is still restarted.
    cancelUnfired: () => unfired.splice(0).forEach((c) => c()),
    finish: (endAt) => run.afterRun.forEach((account) => account(endAt)),
  };
}
