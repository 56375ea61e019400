import { existsSync, statSync, accessSync, constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { StoreError } from '../../model/errors.js';

/** What SQLite's result codes mean for a queue file, phrased for the person who named it. */
const CAUSES: Record<string, string> = {
  SQLITE_NOTADB: 'is not a SQLite database',
  SQLITE_CORRUPT: 'is corrupt',
  SQLITE_READONLY: 'is read-only',
  SQLITE_BUSY: 'is locked by another process',
  SQLITE_FULL: 'cannot grow: the disk is full',
  SQLITE_IOERR: 'cannot be read or written: I/O error',
  SQLITE_CANTOPEN: 'cannot be opened',
};

export function isInMemoryPath(path: string): boolean {
  return path === ':memory:' || path === '';
}

/**
 * Catches the path problems SQLite reports only as "unable to open database file", so the
 * message names the actual cause. WAL creates -wal and -shm files next to the queue file, so
 * the directory must be writable even when the file already exists.
 */
export function checkQueuePath(path: string): void {
  if (isInMemoryPath(path)) return;
  const dir = dirname(resolve(path));
  const fail = (cause: string) => new StoreError(`queue file ${path} cannot be opened: ${cause}`);
  if (!existsSync(dir)) throw fail(`directory ${dir} does not exist`);
  if (!statSync(dir).isDirectory()) throw fail(`${dir} is not a directory`);
  if (existsSync(path) && statSync(path).isDirectory()) throw fail('it is a directory');
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw fail(`directory ${dir} is not writable`);
  }
}

/** Turns anything thrown by better-sqlite3 into a one-line StoreError naming the file. */
export function toStoreError(path: string, err: unknown, operation?: string): StoreError {
  if (err instanceof StoreError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown }).code;
  const baseCode = typeof code === 'string' ? code.replace(/^(SQLITE_[A-Z]+).*$/, '$1') : '';
  const cause = CAUSES[baseCode];
  if (operation === undefined) {
    return new StoreError(`queue file ${path} ${cause ?? 'cannot be opened'} (${message})`);
  }
  return new StoreError(`queue file ${path}${cause ? ` ${cause}` : ''}: ${operation} failed (${message})`);
}
