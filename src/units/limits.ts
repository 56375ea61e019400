/**
 * The bounds every scenario is checked against before anything runs (README "Limits"). Each is far
 * past what a game day on one machine needs, and short of what would exhaust it: the plan, the
 * queue and the workers are allocated from these numbers, so an unbounded one is a crash.
 */
export const LIMITS = {
  /** Arrivals in one plan (planned arithmetically, before any array is built). */
  arrivals: 5_000_000,
  /** Requests per second in any phase (`rate`, `rampTo`) and for egress pacing. */
  rate: 100_000,
  /** Arrivals × client attempts: what a retry storm could make of the plan. */
  attempts: 50_000_000,
  /** `client.retry.maxAttempts` and the persistent strategy's `maxAttempts`. */
  maxAttempts: 100,
  /** `service.retries`, `service.sdkMaxRetries`. */
  retries: 100,
  /** `service.workers`, egress concurrency. */
  workers: 10_000,
  /** Queue slots (`service.capacity`), the mock's `backend.capacity`, items a strategy holds. */
  capacity: 1_000_000,
  /** Tokens in one request or answer. */
  tokens: 1_000_000,
  /** Phases, faults and gates in one scenario. */
  items: 1_000,
  /** `backend-latency` factor. */
  latencyFactor: 1_000,
} as const;

/** The largest scenario file read (1 MiB, after `${VAR}` substitution); scenarios are a page or two. */
export const MAX_SCENARIO_BYTES = 1024 * 1024;

/** YAML alias expansions allowed in one file (the yaml package's own default): an alias bomb is bad input. */
export const MAX_YAML_ALIASES = 100;

/**
 * Collections nested in a scenario (or where a `--set` value lands), the outermost counted: a
 * scenario needs about six; parsing and reading a value recurse once a level, so 10,000 overflow.
 */
export const MAX_YAML_DEPTH = 64;

/** Attempts in all, the first included, when a scenario does not say: `client.retry.maxAttempts` and the persistent strategy's `maxAttempts`. */
export const DEFAULT_MAX_ATTEMPTS = 3;
