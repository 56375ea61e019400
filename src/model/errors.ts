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
