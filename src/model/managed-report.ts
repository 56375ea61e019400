// What result.json says about your own service's processes and metrics endpoint (service.processes, service.metrics).

/** An exit of a managed process that no fault and no end of run asked for. */
export interface ProcessExitEvent {
  at_ms: number;
  process: string;
  instance: number;
  pid: number;
  code: number | null;
  signal: string | null;
}

/** The polling of service.metrics: an endpoint that stopped answering is said, not shown as a frozen number. */
export interface MetricsPollReport {
  url: string;
  format: 'prometheus' | 'json';
  polls: number;
  failed_polls: number;
  last_error?: string;
}

export interface ManagedProcessesReport {
  /** Each instance's log file (stdout and stderr), by `<name>-<instance>`. */
  logs: Record<string, string>;
  /** Every pid started, restarts included; each led its own process group, all stopped at the end. */
  pids: number[];
  unexpected_exits: ProcessExitEvent[];
  /** Variables of gameday's environment named like credentials that no process was given (names only). */
  withheld_env?: string[];
}
