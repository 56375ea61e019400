import { availableParallelism, loadavg } from 'node:os';
import type { MachineLoad } from '../model/index.js';

export interface MachineNow {
  cpus: number;
  load: number;
}

/** The CPUs this process may use and the 1-minute load average (0 where the platform has none). */
export function machineNow(): MachineNow {
  return { cpus: availableParallelism(), load: Math.round(loadavg()[0] * 100) / 100 };
}

/** What result.json's `wall.machine` says: the machine at the run's start and end. */
export function machineLoad(start: MachineNow, end: MachineNow): MachineLoad {
  return { cpus: { start: start.cpus, end: end.cpus }, load_average: { start: start.load, end: end.load } };
}
