import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { StoreError } from '../../model/errors.js';

/** One .sql file per statement; each file's header states its parameters and what it returns. */
export const SQL_NAMES = [
  'schema',
  'schema-version',
  'table-count',
  'enqueue',
  'exists',
  'claim',
  'complete',
  'fail-retry',
  'dead-letter',
  'dead-letter-stalled',
  'reclaim-expired',
  'migrate-stalls',
  'counts',
  'dead-letters',
  'unfinished',
] as const;

export type SqlName = (typeof SQL_NAMES)[number];
export type SqlText = Readonly<Record<SqlName, string>>;

/**
 * The .sql files sit next to this module: src/store/sqlite/sql/ under tsx and vitest, and
 * dist/store/sqlite/sql/ after `npm run build` (tsc copies no .sql; scripts/copy-sql.mjs does).
 */
export const SQL_DIR = new URL('./sql/', import.meta.url);

let cached: SqlText | undefined;

/** Reads every statement once per process. Throws a StoreError naming the missing file. */
export function loadSql(): SqlText {
  cached ??= readAll(SQL_DIR);
  return cached;
}

function readAll(dir: URL): SqlText {
  const text = {} as Record<SqlName, string>;
  for (const name of SQL_NAMES) {
    const file = fileURLToPath(new URL(`${name}.sql`, dir));
    try {
      text[name] = readFileSync(file, 'utf8');
    } catch (err) {
      throw new StoreError(
        `SQL file ${file} is missing (${(err as Error).message}); ` +
          'a build must copy src/store/sqlite/sql/*.sql next to the compiled store (node scripts/copy-sql.mjs)',
      );
    }
  }
  return text;
}
