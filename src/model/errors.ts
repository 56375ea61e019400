/** Base of gameday's own errors. `code` is stable and safe to match on. */
export class GamedayError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input from the user: a scenario field, a flag, a file. The CLI exits 2 with the message alone. */
export class ConfigError extends GamedayError {
  constructor(message: string, code = 'GD_ERR_CONFIG') {
    super(message, code);
  }
}

/** A backend (mock or real) could not be started or reached. */
export class BackendError extends GamedayError {
  constructor(message: string, code = 'GD_ERR_BACKEND') {
    super(message, code);
  }
}

/** The queue store could not be opened or written. */
export class StoreError extends GamedayError {
  constructor(message: string, code = 'GD_ERR_STORE') {
    super(message, code);
  }
}

/** The ledger does not reconcile: a bug in gameday, never the service's fault. */
export class LedgerError extends GamedayError {
  constructor(message: string) {
    super(message, 'GD_ERR_LEDGER');
  }
}

/**
 * Parses every item and reports every bad one at once: one ConfigError whose message lists each
 * problem on its own line (a user fixes them all in one go, not one per run).
 */
export function parseEach<T>(items: readonly string[], parse: (item: string) => T): T[] {
  const parsed: T[] = [];
  const errors: string[] = [];
  for (const item of items) {
    try {
      parsed.push(parse(item));
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      errors.push(err.message);
    }
  }
  if (errors.length) throw new ConfigError(errors.join('\n'));
  return parsed;
}
