import { z } from 'zod';
import { Answer, duration, type Clock, type CrashReport, type Ledger } from '../model/index.js';
import type { CrashRun, FaultModule } from './types.js';
import { scaleMoment } from './windowed.js';

/** Kills the service gameday started at `at`, and starts it again `restartAfter` later (not scaled: a restart takes what it takes). */
const optionsSchema = z.object({ at: duration, kind: z.literal('crash-service'), restartAfter: duration.prefault('2s') }).strict();

type CrashService = z.output<typeof optionsSchema>;

const RECOVERY_POLL_MS = 25;

export const crashService = {
  kind: 'crash-service',
  optionsSchema,
  scale: scaleMoment,
  window: (f: CrashService) => [f.at, f.at + f.restartAfter],
  crash: (f: CrashService, run: CrashRun) => (run.serviceDown ? recordCrashWhileDown(run) : kill(f.restartAfter, run)),
} satisfies FaultModule<CrashService>;

async function kill(restartAfter: number, run: CrashRun): Promise<void> {
  const { target, emit } = run;
  const at = target.clock.now();
  run.serviceDown = true;
  const held = await target.crashService();
  const report: CrashReport = {
    at_ms: Math.round(at),
    kind: 'crash-service',
    queued_at_kill: held.queued,
    in_flight_at_kill: held.inFlight,
    recovered_after_restart: 0,
    restart_ms: null,
    time_to_recover_ms: null,
  };
  run.reports.push(report);
  let upAt: number | null = null;
  run.afterRun.push((endAt) => (report.unfinished_at_kill = crashFate(run.ledger, at, upAt ?? endAt)));
  const completed = () => run.ledger.live.completed;
  emit({ type: 'fault', atMs: at, kind: 'crash-service', detail: `killed with ${held.queued} queued, ${held.inFlight} in flight` });
  run.cancels.push(
    target.clock.setTimer(
      restartAfter,
      () =>
        void target.restartService().then(
          ({ recovered, connectionErrors, upAt: up }) => {
            run.serviceDown = false;
            upAt = up ?? target.clock.now();
            report.restart_ms = Math.round(target.clock.now() - at);
            report.recovered_after_restart = recovered;
            if (connectionErrors !== undefined) report.connection_errors = connectionErrors;
            emit({ type: 'fault', atMs: target.clock.now(), kind: 'restart-service', detail: `recovered ${recovered} job(s)` });
            watchRecovery(target.clock, at, completed, report, run.cancels);
          },
          (err: unknown) => {
            // The service stays down: the report says why, so its lost backlog is explained. (A later
            // crash-service finds it down and kills nothing.)
            report.restart_error = err instanceof Error ? err.message : String(err);
            emit({ type: 'fault', atMs: target.clock.now(), kind: 'restart-failed', detail: report.restart_error });
          },
        ),
    ),
  );
}

/** A crash-service that lands while the service is down: recorded as such, nothing killed, no restart scheduled. */
async function recordCrashWhileDown(run: CrashRun): Promise<void> {
  const at = run.target.clock.now();
  run.reports.push({
    at_ms: Math.round(at),
    kind: 'crash-service',
    service_was_down: true,
    reason: 'the service was already down (an earlier crash had not restarted yet): nothing to kill, no second restart',
    queued_at_kill: 0,
    in_flight_at_kill: 0,
    recovered_after_restart: 0,
    restart_ms: null,
    time_to_recover_ms: null,
  });
  run.emit({ type: 'fault', atMs: at, kind: 'crash-service', detail: 'the service was already down: nothing killed, no second restart' });
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

/**
 * After the drain: which requests a service crash caught, and how each ended. Caught: the client
 * got its 2xx before the service was up again (so from the killed process: a 202 still in the
 * socket when the kill landed arrives a moment after it) and it had not completed or failed by
 * the kill. Exact, from the ledger: an in-memory queue loses them all (bar a backend call already
 * made, which the backend may still answer); a durable one completes them or fails them with a
 * reason.
 */
function crashFate(ledger: Ledger, killedAt: number, upAt: number): NonNullable<CrashReport['unfinished_at_kill']> {
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
  return fate;
}
