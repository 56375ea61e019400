import { ConfigError } from '../model/errors.js';
import type { QueueStore } from '../model/queue-store.js';
import { MemoryQueueStore } from './memory.js';
import { SqliteQueueStore } from './sqlite/store.js';

export { MemoryQueueStore } from './memory.js';
export { SqliteQueueStore } from './sqlite/store.js';
export type { StoreOptions } from './capacity.js';

export const STORE_KINDS = ['memory', 'sqlite'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export interface OpenStoreOptions {
  /** The queue file; required for 'sqlite'. */
  path?: string;
  /** Most jobs ready or leased at once. */
  capacity: number;
}

/** Opens a store by name; a sqlite file is created if missing and checked before this returns. */
export function openStore(kind: StoreKind, opts: OpenStoreOptions): QueueStore {
  switch (kind) {
    case 'memory':
      return new MemoryQueueStore({ capacity: opts.capacity });
    case 'sqlite':
      if (!opts.path) throw new ConfigError('Expected `path` for the sqlite store (the queue file), got nothing');
      return SqliteQueueStore.open(opts.path, { capacity: opts.capacity });
    default:
      throw new ConfigError(`Expected store kind to be one of ${STORE_KINDS.join(', ')}, got \`${String(kind)}\``);
  }
}

export { asyncQueueStore } from './async.js';
export { RedisQueueStore, queueKeys, type RedisStoreOptions } from './redis/store.js';
