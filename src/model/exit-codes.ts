/** The process exit codes, in one place. Only the CLI calls process.exit. */
export const EXIT = {
  /** The run finished and every gate passed. */
  ok: 0,
  /** A gate or a baseline regression failed. */
  gateFailed: 1,
  /** Bad input or usage: a scenario, a flag, a file. */
  badInput: 2,
  /** gameday itself failed (a bug or an environment problem). */
  internal: 3,
  /** The run is invalid: the testbench could not produce the load it promised (its generator fell behind). */
  invalid: 4,
  /** Interrupted (SIGINT); partial results are not written. */
  aborted: 130,
} as const;
