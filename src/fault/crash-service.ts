import { z } from 'zod';
import { Answer, type CrashReport, type Ledger } from '../model/index.js';
import { duration, whole } from '../units/index.js';
import { type Clock } from '../time/index.js';
import type { CrashRun, FaultContext, FaultModule, ProcessChoice } from './types.js';
import { scaleMoment } from './windowed.js';

/**
 * Kills the service at `at` (a real SIGKILL), and starts it again `restartAfter` later (not scaled:
 * a restart takes what it takes). On your own service: one of `service.processes`.
 */
const optionsSchema = z
  .object({
    at: duration,
    kind: z.literal('crash-service'),
    restartAfter: duration.prefault('2s'),
    /** Your own service: the name of the managed process to kill. @default the one serving service.url (or the first) */
    target: z.string().min(1).optional(),
    /** Your own service: which instance of it (0-based), or all. @default 0 */
    instance: z.union([whole('instance', 31, 0), z.literal('all')]).optional(),
  })
  .strict();

type CrashService = z.output<typeof optionsSchema>;

const RECOVERY_POLL_MS = 25;

export const crashService = {
  kind: 'crash-service',
  describe: 'A real SIGKILL of the service process at `at`, restarted after `restartAfter`.',
  example: { kind: 'crash-service', at: '10s', restartAfter: '3s' },
  killsProcess: true,
  optionsSchema,
  scale: scaleMoment,
  window: (f: CrashService) => [f.at, f.at + f.restartAfter],
  check: (f: CrashService, ctx) => checkTarget(f, ctx),
  crash: (f: CrashService, run: CrashRun) =>
    run.serviceDown ? recordCrashWhileDown(run) : kill(f.restartAfter, run, { target: f.target, instance: f.instance }),
} satisfies FaultModule<CrashService>;

/** On your own service only managed processes can be killed; elsewhere there is nothing to name. */
function checkTarget(f: CrashService, ctx: FaultContext): [string, string][] {
  const chose = f.target !== undefined ? 'target' : f.instance !== undefined ? 'instance' : undefined;
  if (!ctx.external) return chose ? [[chose, `\`${chose}\` picks one of your own service's processes (service.processes with service.url)`]] : [];
  if (!ctx.processes?.length)
    return [['kind', 'crash-service on your own service (service.url) needs service.processes: gameday can only kill processes it started']];
  const p = f.target === undefined ? ctx.processes[0] : ctx.processes.find((x) => x.name === f.target);
  if (!p) return [['target', `Expected \`target\` to name one of service.processes (${ctx.processes.map((x) => x.name).join(', ')}), got ${f.target}`]];
  if (typeof f.instance === 'number' && f.instance >= p.count)
    return [['instance', `Expected \`instance\` < ${p.name}'s count (${p.count}), or all; got ${f.instance}`]];
  return [];
}

async function kill(restartAfter: number, run: CrashRun, which: ProcessChoice): Promise<void> {
  const { target, emit } = run;
  const at = target.clock.now();
  run.serviceDown = true;
  const held = await target.crashService(which);
  const report: CrashReport = {
    at_ms: Math.round(at),
    kind: 'crash-service',
    queued_at_kill: held.queued,
    in_flight_at_kill: held.inFlight,
    recovered_after_restart: 0,
    restart_ms: null,
    time_to_recover_ms: null,
    ...(held.killed ? { process: held.killed } : {}),
    ...(held.countersAgeMs !== undefined ? { counters_age_ms: held.countersAgeMs } : {}),
  };
  run.reports.push(report);
  run.awaitingRestart.add(report);
  let upAt: number | null = null;
  // A managed process of your own service: the rest of the service kept accepting while it was
  // down, so what the kill caught is what had been accepted by the kill itself.
  run.afterRun.push((endAt) => (report.unfinished_at_kill = crashFate(run.ledger, at, held.killed ? at : (upAt ?? endAt))));
  const completed = () => run.ledger.live.completed;
  const what = held.killed
    ? `SIGKILL to ${held.killed.process} (pid ${held.killed.pids.join(', ')}) with ${held.queued} accepted and unfinished`
    : `killed with ${held.queued} queued, ${held.inFlight} in flight`;
  emit({ type: 'fault', atMs: at, kind: 'crash-service', detail: what });
  run.cancels.push(
    target.clock.setTimer(
      restartAfter,
      () =>
        void target.restartService().then(
          ({ recovered, connectionErrors, upAt: up }) => {
            run.serviceDown = false;
            run.awaitingRestart.delete(report);
            run.lastRestartAt = target.clock.now();
            upAt = up ?? target.clock.now();
            report.restart_ms = Math.round(target.clock.now() - at);
            report.recovered_after_restart = recovered;
            if (connectionErrors !== undefined) report.connection_errors = connectionErrors;
            // Your own process's queue is not visible: what came back of its work is told by the ledger after the run, not as a count of 0.
            const detail = held.killed ? `${held.killed.process} started again and ready` : `recovered ${recovered} job(s)`;
            emit({ type: 'fault', atMs: target.clock.now(), kind: 'restart-service', detail });
            // A restart that settles after the run ended (its drain ran out meanwhile) has nothing left to watch.
            if (!run.over) watchRecovery(target.clock, at, completed, report, run.cancels);
          },
          (err: unknown) => {
            // The service stays down: the report says why, so its lost backlog is explained. (A later
            // crash-service finds it down and kills nothing.)
            run.awaitingRestart.delete(report);
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
  const fate: NonNullable<CrashReport['unfinished_at_kill']> = { requests: 0, completed: 0, failed: 0, lost: 0, completed_by_ms: null };
  for (let i = 0; i < ledger.count; i++) {
    if (ledger.lastAnswer[i] !== Answer.accepted || ledger.answeredAt[i] >= upAt) continue;
    if (ledger.completions[i] > 0 && ledger.completedAt[i] <= killedAt) continue;
    if (ledger.failedAt[i] >= 0 && ledger.failedAt[i] <= killedAt) continue;
    const o = ledger.outcome(i);
    if (o === 'completed' || o === 'failed' || o === 'lost') {
      fate.requests++;
      fate[o]++;
    }
    if (o === 'completed') fate.completed_by_ms = Math.max(fate.completed_by_ms ?? 0, Math.round(ledger.completedAt[i] - killedAt));
  }
  return fate;
}
