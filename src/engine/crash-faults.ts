import { Answer, type Clock, type CrashReport, type Ledger } from '../model/index.js';
import type { Fault } from '../scenario/index.js';
import type { RunListener } from './events.js';
import type { Harness } from './harness.js';

const RECOVERY_POLL_MS = 25;

/** When each service crash killed the service and when it was up again, for its fate accounting. */
const downtimes = new WeakMap<CrashReport, { killedAt: number; upAt: number | null }>();

/**
 * Schedules the service and worker crashes of a scenario on the run's clock, and writes a
 * CrashReport for each: what the kill took, what came back, how long recovery took.
 * Returns a function that cancels whatever has not fired yet.
 */
export function scheduleCrashes(faults: Fault[], h: Harness, reports: CrashReport[], ledger: Ledger, emit: RunListener): () => void {
  const cancels: (() => void)[] = [];
  // From a kill until its restart has settled the service is down: a second crash-service then
  // has nothing to kill, and must not schedule a second restart racing the first for the port
  // and the queue file.
  const service = { down: false };
  for (const f of faults) {
    const failed = (kind: string) => (err: unknown) => emit({ type: 'fault', atMs: h.clock.now(), kind: `${kind}-failed`, detail: err instanceof Error ? err.message : String(err) });
    if (f.kind === 'crash-service') {
      const crash = () => (service.down ? recordCrashWhileDown(h, reports, emit) : crashService(h, f.restartAfter, reports, ledger, emit, cancels, service));
      cancels.push(h.clock.setTimer(f.at, () => void crash().catch(failed('crash-service'))));
    }
    if (f.kind === 'crash-worker') cancels.push(h.clock.setTimer(f.at, () => void crashWorkers(h, f.count, reports, emit).catch(failed('crash-worker'))));
  }
  return () => cancels.splice(0).forEach((c) => c());
}

async function crashService(
  h: Harness, restartAfter: number, reports: CrashReport[], ledger: Ledger, emit: RunListener, cancels: (() => void)[], service: { down: boolean },
): Promise<void> {
  const at = h.clock.now();
  service.down = true;
  const held = await h.crashService();
  const report: CrashReport = { at_ms: Math.round(at), kind: 'crash-service', queued_at_kill: held.queued, in_flight_at_kill: held.inFlight, recovered_after_restart: 0, restart_ms: null, time_to_recover_ms: null };
  const downtime = { killedAt: at, upAt: null as number | null };
  downtimes.set(report, downtime);
  reports.push(report);
  const completed = () => ledger.live.completed;
  emit({ type: 'fault', atMs: at, kind: 'crash-service', detail: `killed with ${held.queued} queued, ${held.inFlight} in flight` });
  cancels.push(
    h.clock.setTimer(restartAfter, () =>
      void h.restartService().then(({ recovered, connectionErrors, upAt }) => {
        service.down = false;
        downtime.upAt = upAt ?? h.clock.now();
        report.restart_ms = Math.round(h.clock.now() - at);
        report.recovered_after_restart = recovered;
        if (connectionErrors !== undefined) report.connection_errors = connectionErrors;
        emit({ type: 'fault', atMs: h.clock.now(), kind: 'restart-service', detail: `recovered ${recovered} job(s)` });
        watchRecovery(h.clock, at, completed, report, cancels);
      }, (err: unknown) => {
        // The service stays down: the report says why, so its lost backlog is explained. (A later
        // crash-service finds it down and kills nothing.)
        report.restart_error = err instanceof Error ? err.message : String(err);
        emit({ type: 'fault', atMs: h.clock.now(), kind: 'restart-failed', detail: report.restart_error });
      }),
    ),
  );
}

/** A crash-service that lands while the service is down: recorded as such, nothing killed, no restart scheduled. */
async function recordCrashWhileDown(h: Harness, reports: CrashReport[], emit: RunListener): Promise<void> {
  const at = h.clock.now();
  reports.push({
    at_ms: Math.round(at), kind: 'crash-service', service_was_down: true, reason: 'the service was already down (an earlier crash had not restarted yet): nothing to kill, no second restart',
    queued_at_kill: 0, in_flight_at_kill: 0, recovered_after_restart: 0, restart_ms: null, time_to_recover_ms: null,
  });
  emit({ type: 'fault', atMs: at, kind: 'crash-service', detail: 'the service was already down: nothing killed, no second restart' });
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

async function crashWorkers(h: Harness, count: number, reports: CrashReport[], emit: RunListener): Promise<void> {
  const at = h.clock.now();
  let abandoned = 0;
  for (let i = 0; i < count; i++) abandoned += (await h.crashWorker()).abandoned;
  reports.push({ at_ms: Math.round(at), kind: 'crash-worker', queued_at_kill: 0, in_flight_at_kill: abandoned, recovered_after_restart: 0, restart_ms: null, time_to_recover_ms: null });
  emit({ type: 'fault', atMs: at, kind: 'crash-worker', detail: `${abandoned} job(s) abandoned mid-flight` });
}

/**
 * After the drain: which requests each service crash caught, and how each ended. Caught: the
 * client got its 2xx before the service was up again (so from the killed process: a 202 still in
 * the socket when the kill landed arrives a moment after it) and it had not completed or failed
 * by the kill. Exact, from the ledger: an in-memory queue loses them all (bar a backend call
 * already made, which the backend may still answer); a durable one completes them or fails them
 * with a reason.
 */
export function recordCrashFates(reports: CrashReport[], ledger: Ledger, endAt: number): void {
  for (const report of reports) {
    const downtime = downtimes.get(report);
    if (!downtime) continue;
    const { killedAt } = downtime;
    const upAt = downtime.upAt ?? endAt;
    const fate = { requests: 0, completed: 0, failed: 0, lost: 0 };
    for (let i = 0; i < ledger.count; i++) {
      if (ledger.lastAnswer[i] !== Answer.accepted || ledger.answeredAt[i] >= upAt) continue;
      if (ledger.completions[i] > 0 && ledger.completedAt[i] <= killedAt) continue;
      if (ledger.failedAt[i] >= 0 && ledger.failedAt[i] <= killedAt) continue;
      const o = ledger.outcome(i);
      if (o === 'completed' || o === 'failed' || o === 'lost') {
        fate.requests++;
        fate[o]++;
      }
    }
    report.unfinished_at_kill = fate;
  }
}
