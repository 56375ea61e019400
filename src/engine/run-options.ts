import type { RequestBudget } from '../backend/index.js';
import type { Completion, RunListener } from './events.js';

/** How one run is driven, beyond its scenario: the CLI's flags and the API's options. */
export interface RunOptions {
  mode?: 'live' | 'sim';
  signal?: AbortSignal;
  onEvent?: RunListener;
  /** Told each request's first completion, one call each (live metrics' latency histogram); unset, completions cost nothing more. */
  onCompletion?: (c: Completion) => void;
  /**
   * Where the run keeps working files: the persistent strategy's queue file (queue.db) unless
   * the scenario names one. The CLI passes the --out folder. Default: a temporary folder,
   * removed after the run.
   */
  workDir?: string;
  /**
   * A request cap shared with other runs (a comparison's `--max-requests` is one budget for all
   * its strategies). Default: the scenario's `backend.maxRequests`, for this run alone.
   */
  requestBudget?: RequestBudget;
  /**
   * Abort conditions besides the scenario's `abort:` (the CLI's `--abort`), e.g. `lost > 50`,
   * `drop_rate[10s] > 5%`: checked about once a second; the first breach stops the traffic.
   */
  abort?: string[];
  /** Also record every request in the result (its `requests` section: id, priority, intended time, outcome, attempts, latency, answer). @default false */
  requests?: boolean;
  /** Let the mock listen on a non-loopback `backend.host` (the CLI's `--allow-remote-backend`). @default false */
  allowRemoteBackend?: boolean;
  /** Where `${VAR}` in service.request is read, when each request is sent (never written anywhere). @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Hosts beyond this machine the run may reach, `host` or `host:port` (the CLI's `--target`). @default none */
  targets?: string[];
  /**
   * When each arrival leaves instead of its planned time (ms on the run's clock; negative: never
   * sent), by plan index. The plan's times stay the intended ones, so the run is judged as late
   * as these make it: how a replay re-runs a live run's real send times in virtual time, and how
   * tests inject lateness.
   */
  sendTimes?: Float64Array;
  /**
   * Measure the effect of a late generator by replaying the run in virtual time, on time and as
   * sent (result.validity.replay), whenever its arrivals were displaced. @default true
   */
  replay?: boolean;
}
