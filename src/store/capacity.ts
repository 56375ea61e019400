import { ConfigError } from '../model/errors.js';

/** Options every store takes. */
export interface StoreOptions {
  /** Most jobs ready or leased at once; `enqueue` answers 'full' beyond it. */
  capacity: number;
}

export function checkCapacity(capacity: number): number {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new ConfigError(`Expected store \`capacity\` to be an integer >= 1, got \`${capacity}\``);
  }
  return capacity;
}
