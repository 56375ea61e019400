import { z } from 'zod';
import { LIMITS, duration, whole } from '../units/index.js';
import { type CrashReport, type StalledRecovery } from '../model/index.js';
import type { CrashRun, FaultModule } from './types.js';
import { momentOf, scaleMoment } from './windowed.js';

/** Kills `count` busy workers mid-job at `at`, without acknowledging; fresh workers replace them. */
const optionsSchema = z.object({ at: duration, kind: z.literal('crash-worker'), count: whole('count', LIMITS.workers).default(1) }).strict();

type CrashWorker = z.output<typeof optionsSchema>;

export const crashWorker = {
  kind: 'crash-worker',
  describe: 'Kills one busy worker mid-job (nothing acknowledged); a replacement starts at once.',
  example: { kind: 'crash-worker', at: '10s' },
  optionsSchema,
  scale: scaleMoment,
  window: momentOf,
  check: (f: CrashWorker, ctx) => {
    if (ctx.external)
      return [['kind', "crash-worker kills one of gameday's own workers; on your own service use crash-service with target: <a name in service.processes>"]];
    if (ctx.workerProcesses !== undefined)
      return f.count > ctx.workerProcesses
        ? [['count', `Expected \`count\` <= service.processes.workers (${ctx.workerProcesses}): each kill takes a whole worker process, got ${f.count}`]]
        : [];
    return f.count > ctx.workers ? [['count', `Expected \`count\` <= service.workers (${ctx.workers}), got ${f.count}`]] : [];
  },
  crash: async (f: CrashWorker, run: CrashRun) => {
    const at = run.target.clock.now();
    let abandoned = 0;
    const stalled: StalledRecovery[] = [];
    for (let i = 0; i < f.count; i++) {
      const killed = await run.target.crashWorker();
      abandoned += killed.abandoned;
      if (killed.stalled) stalled.push(killed.stalled);
    }
    const report: CrashReport = {
      at_ms: Math.round(at),
      kind: 'crash-worker',
      queued_at_kill: 0,
      in_flight_at_kill: abandoned,
      recovered_after_restart: 0,
      restart_ms: null,
      time_to_recover_ms: null,
    };
    run.reports.push(report);
    // A worker process on a shared queue: its jobs come back as their leases expire, read at the end.
    if (stalled.length) {
      run.afterRun.push(
        () =>
          (report.stalled = {
            held: abandoned,
            answered_before_kill: stalled.reduce((n, r) => n + r.answered_before_kill, 0),
            duplicated: stalled.flatMap((r) => r.ids).filter((id) => run.ledger.completions[run.ledger.ids.index(id)] > 1).length,
            back_ms: stalled.flatMap((r) => r.back_ms).sort(byTime),
          }),
      );
    }
    run.emit({ type: 'fault', atMs: at, kind: 'crash-worker', detail: `${abandoned} job(s) abandoned mid-flight` });
  },
} satisfies FaultModule<CrashWorker>;

const byTime = (a: number | null, b: number | null) => (a ?? Infinity) - (b ?? Infinity);
