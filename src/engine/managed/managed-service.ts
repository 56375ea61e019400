import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Clock } from '../../time/index.js';
import type { ManagedProcessesReport, ServiceCounters } from '../../model/index.js';
import { managedProcesses, type Scenario } from '../../scenario/index.js';
import type { KilledProcesses, ProcessChoice } from '../../fault/index.js';
import { ManagedProcesses } from './processes.js';
import { ServiceMetrics, type MetricsPollReport } from './service-metrics.js';

/** What a run on your own service sees of it beyond HTTP: the processes it owns and the metrics it reads. */
export interface ManagedService {
  /** Queue depth from service.metrics; null: not visible. */
  depth(): number | null;
  /** The mapped counters from service.metrics; null without metrics. */
  counters(): Partial<ServiceCounters> | null;
  /** Starts polling (from the traffic's start). */
  begin(): void;
  /** One last reading, after the drain. */
  finalRead(): Promise<void>;
  kill(choice?: ProcessChoice): KilledProcesses | undefined;
  /** With service.metrics: one more reading before a kill, and how old the last good one is (ms; null: none). */
  readBeforeKill(): Promise<number | null | undefined>;
  /** Restarts what was killed; resolves with when it was ready again (run clock). */
  restart(): Promise<number>;
  report(): { managed_processes?: ManagedProcessesReport; service_metrics?: MetricsPollReport };
  close(): Promise<void>;
}

/**
 * Starts your service's processes (if the scenario lists them) with the mock's URL, waits until
 * each is ready, and takes the first metrics reading: any failure stops what was started and
 * says which process and where its log is.
 */
export async function startManagedService(s: Scenario, clock: Clock, mockUrl: string, workDir: string | undefined): Promise<ManagedService> {
  const svc = s.service;
  const processes = managedProcesses(svc);
  const procs = processes
    ? await ManagedProcesses.start({
        processes,
        baseDir: dirname(s.source),
        logDir: join(workDir ?? mkdtempSync(join(tmpdir(), 'gameday-processes-')), 'processes'),
        serviceUrl: new URL(svc.url!),
        mockUrl,
        startTimeoutMs: svc.startTimeout,
        stopGraceMs: svc.stopGrace,
        now: () => clock.now(),
      })
    : undefined;
  const metrics = svc.metrics ? new ServiceMetrics(svc.metrics, clock) : undefined;
  try {
    await metrics?.first();
  } catch (e) {
    await procs?.stop();
    throw e;
  }
  return {
    depth: () => metrics?.depth() ?? null,
    counters: () => metrics?.counters() ?? null,
    begin: () => metrics?.start(),
    async finalRead() {
      metrics?.stop();
      await metrics?.poll();
    },
    kill: (choice) => procs?.kill(choice),
    readBeforeKill: async () => (metrics ? metrics.readBeforeKill() : undefined),
    restart: async () => (procs ? procs.restart() : clock.now()),
    report: () => ({
      ...(procs ? { managed_processes: procs.report() } : {}),
      ...(metrics ? { service_metrics: metrics.report() } : {}),
    }),
    async close() {
      metrics?.stop();
      await procs?.stop();
    },
  };
}
