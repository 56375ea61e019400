import type { Clock, CrashReport } from '../model/index.js';
import type { Fault } from '../scenario/index.js';
import type { RunListener } from './events.js';
import type { Harness } from './harness.js';

const RECOVERY_POLL_MS = 25;

/**
 * Schedules the service and worker crashes of a scenario on the run's clock, and writes a
 * CrashReport for each: what the kill took, what came back, how long recovery took.
 * Returns a function that cancels whatever has not fired yet.
 */
export function scheduleCrashes(faults: Fault[], h: Harness, reports: CrashReport[], completed: () => number, emit: RunListener): () => void {
  const cancels: (() => void)[] = [];
  for (const f of faults) {
    if (f.kind === 'crash-service') cancels.push(h.clock.setTimer(f.at, () => void crashService(h, f.restartAfter, reports, completed, emit, cancels)));
    if (f.kind === 'crash-worker') cancels.push(h.clock.setTimer(f.at, () => crashWorkers(h, f.count, reports, emit)));
  }
  return () => cancels.splice(0).forEach((c) => c());
}

async function crashService(h: Harness, restartAfter: number, reports: CrashReport[], completed: () => number, emit: RunListener, cancels: (() => void)[]): Promise<void> {
  const at = h.clock.now();
  const held = await h.crashService();
  const report: CrashReport = { at_ms: Math.round(at), kind: 'crash-service', queued_at_kill: held.queued, in_flight_at_kill: held.inFlight, recovered_after_restart: 0, restart_ms: null, time_to_recover_ms: null };
  reports.push(report);
  emit({ type: 'fault', atMs: at, kind: 'crash-service', detail: `killed with ${held.queued} queued, ${held.inFlight} in flight` });
  cancels.push(
    h.clock.setTimer(restartAfter, () =>
      void h.restartService().then(({ recovered }) => {
        report.restart_ms = Math.round(h.clock.now() - at);
        report.recovered_after_restart = recovered;
        emit({ type: 'fault', atMs: h.clock.now(), kind: 'restart-service', detail: `recovered ${recovered} job(s)` });
        watchRecovery(h.clock, at, completed, report, cancels);
      }),
    ),
  );
}

/** Recovered = the first backend completion after the restart. */
function watchRecovery(clock: Clock, killedAt: number, completed: () => number, report: CrashReport, cancels: (() => void)[]): void {
  const before = completed();
  const poll = () => {
    if (completed() > before) report.time_to_recover_ms = Math.round(clock.now() - killedAt);
    else cancels.push(clock.setTimer(RECOVERY_POLL_MS, poll));
  };
  poll();
}

function crashWorkers(h: Harness, count: number, reports: CrashReport[], emit: RunListener): void {
  const at = h.clock.now();
  let abandoned = 0;
  for (let i = 0; i < count; i++) abandoned += h.crashWorker().abandoned;
  reports.push({ at_ms: Math.round(at), kind: 'crash-worker', queued_at_kill: 0, in_flight_at_kill: abandoned, recovered_after_restart: 0, restart_ms: null, time_to_recover_ms: null });
  emit({ type: 'fault', atMs: at, kind: 'crash-worker', detail: `${abandoned} job(s) abandoned mid-flight` });
}
