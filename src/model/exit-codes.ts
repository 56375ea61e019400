/** The process exit codes, in one place. Only the CLI calls process.exit. */
export const EXIT = {
  /** The run finished and its verdict is pass. */
  ok: 0,
  /** A gate or a baseline regression failed, the steady state did not come back (or an expected failure passed). */
  gateFailed: 1,
  /** Bad input or usage: a scenario, a flag, a file, an output folder. */
  badInput: 2,
  /** gameday itself failed (a bug or an environment problem). */
  internal: 3,
  /** The run is invalid: the load generator fell far enough behind to change what it concludes. */
  invalidRun: 4,
  /**
   * An abort condition stopped the traffic: the experiment hurt too much and was cut short, so its
   * gates were never judged. A code of its own, so CI can tell "stopped for safety" from "a gate failed".
   */
  aborted: 5,
  /**
   * The steady state did not hold before the disturbance, so the experiment was not run: no fault
   * fired and the traffic stopped there. The service was not in the state the game day starts from.
   */
  notRun: 6,
  /** Interrupted by SIGINT (128 + 2); what was measured is written, marked interrupted. */
  interrupted: 130,
  /** Stopped by SIGTERM (128 + 15); what was measured is written, marked interrupted. */
  terminated: 143,
} as const;
