/** Backend faults on the run's timeline (ms since the run's origin). */
export type BackendFault =
  | { kind: 'backend-outage'; at: number; duration: number; status: number }
  | { kind: 'backend-latency'; at: number; duration: number; factor: number }
  | { kind: 'backend-errors'; at: number; duration: number; rate: number; status: number };

export function activeFaults(faults: readonly BackendFault[], now: number): BackendFault[] {
  return faults.filter((f) => now >= f.at && now < f.at + f.duration);
}

export function isBackendFault(f: { kind: string }): f is BackendFault {
  return f.kind === 'backend-outage' || f.kind === 'backend-latency' || f.kind === 'backend-errors';
}
