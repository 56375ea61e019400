import Database from 'better-sqlite3';
import { StoreError } from '../../model/errors.js';
import { NO_STALL_LIMIT, stalledReason, type ClaimedJob, type NewJob, type QueueStore, type StoreCounts, type UnfinishedJob } from '../../model/queue-store.js';
import { checkCapacity, type StoreOptions } from '../capacity.js';
import { checkQueuePath, isInMemoryPath, toStoreError } from './errors.js';
import { loadSql, type SqlText } from './sql.js';

/** The schema version schema.sql writes into `PRAGMA user_version`. */
const SCHEMA_VERSION = 2;
/** How long a statement waits for another handle's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

interface ClaimRow {
  id: string;
  priority: number;
  payload: string;
  max_attempts: number;
  attempts: number;
  lease: number;
}

type Statements = ReturnType<typeof prepareAll>;

/**
 * A QueueStore in one SQLite file (better-sqlite3, synchronous). Each operation is one statement
 * in its own transaction, except `fail`, which tries the retry and then the dead-letter statement
 * in one transaction. Survives SIGKILL: reopen the file, call `reclaimExpired`, carry on.
 * Several handles on one file are safe (SQLite serialises writers and lease tokens come from the
 * file), though one process per file is the intended use.
 */
export class SqliteQueueStore implements QueueStore {
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly db: Database.Database,
    private readonly stmts: Statements,
    private readonly capacity: number,
  ) {}

  /**
   * Opens (creating if needed) the queue file and touches it: pragmas, schema, a read. A file
   * that is not a queue, a missing or read-only directory, a locked file: all throw a StoreError
   * here, never mid-run.
   */
  static open(path: string, opts: StoreOptions): SqliteQueueStore {
    const capacity = checkCapacity(opts.capacity);
    checkQueuePath(path);
    const sql = loadSql();
    let db: Database.Database | undefined;
    try {
      db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
      configure(db, path);
      migrate(db, sql, path);
      const store = new SqliteQueueStore(path, db, prepareAll(db, sql), capacity);
      store.counts();
      return store;
    } catch (err) {
      db?.close();
      throw toStoreError(path, err);
    }
  }

  enqueue(job: NewJob, now: number): 'added' | 'exists' | 'full' {
    return this.guard('enqueue', () => {
      const { id, priority, payload, maxAttempts } = job;
      const params = { id, priority, payload, maxAttempts, now, capacity: this.capacity };
      if (this.stmts.enqueue.run(params).changes === 1) return 'added';
      return this.stmts.exists.get({ id }) ? 'exists' : 'full';
    });
  }

  claim(now: number, leaseMs: number): ClaimedJob | undefined {
    return this.guard('claim', () => {
      const row = this.stmts.claim.get({ now, leaseUntil: now + leaseMs }) as ClaimRow | undefined;
      if (!row) return undefined;
      const { id, priority, payload, attempts, lease } = row;
      return { id, priority, payload, maxAttempts: row.max_attempts, attempts, lease };
    });
  }

  complete(id: string, lease: number, now: number): boolean {
    return this.guard('complete', () => this.stmts.complete.run({ id, lease, now }).changes === 1);
  }

  fail(id: string, lease: number, now: number, reason: string, retryAt: number | null): boolean {
    return this.guard('fail', () => this.stmts.fail(id, lease, now, reason, retryAt));
  }

  reclaimExpired(now: number, maxStalled = NO_STALL_LIMIT): number {
    return this.guard('reclaimExpired', () => this.stmts.reclaimExpired(now, Math.min(maxStalled, NO_STALL_LIMIT)));
  }

  counts(): StoreCounts {
    return this.guard('counts', () => {
      const counts: StoreCounts = { ready: 0, leased: 0, done: 0, dead: 0 };
      for (const { state, n } of this.stmts.counts.all() as { state: keyof StoreCounts; n: number }[]) {
        counts[state] = n;
      }
      return counts;
    });
  }

  deadLetters(): { id: string; reason: string }[] {
    return this.guard('deadLetters', () => this.stmts.deadLetters.all() as { id: string; reason: string }[]);
  }

  unfinished(): UnfinishedJob[] {
    return this.guard('unfinished', () => this.stmts.unfinished.all() as UnfinishedJob[]);
  }

  /** Checkpoints the WAL into the file and closes it. Calling it twice is harmless. */
  close(): void {
    if (this.closed) return;
    this.guard('close', () => this.db.close());
    this.closed = true;
  }

  private guard<T>(operation: string, run: () => T): T {
    if (this.closed) throw new StoreError(`queue file ${this.path}: ${operation} after close`);
    try {
      return run();
    } catch (err) {
      throw toStoreError(this.path, err, operation);
    }
  }
}

function configure(db: Database.Database, path: string): void {
  // WAL + synchronous=NORMAL is the right durability here. A commit is in the WAL (in the OS
  // page cache) by the time the statement returns, so a process crash or SIGKILL, the fault
  // this tool injects, loses nothing: the next open replays the WAL. Only an OS crash or power
  // loss can drop the last few commits, and that takes the workers holding those jobs down
  // too. FULL fsyncs every commit: ~265 µs each, 1.3k jobs/s instead of 9.4k (FACTS.md).
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal' && !isInMemoryPath(path)) {
    throw new StoreError(`queue file ${path} cannot use write-ahead logging (journal_mode is ${String(mode)})`);
  }
  db.pragma('synchronous = NORMAL');
}

function migrate(db: Database.Database, sql: SqlText, path: string): void {
  const version = db.prepare(sql['schema-version']).pluck().get() as number;
  if (version === 0) {
    const tables = db.prepare(sql['table-count']).pluck().get() as number;
    if (tables > 0) {
      throw new StoreError(`queue file ${path} is a SQLite database but not a gameday queue (it has ${tables} other tables)`);
    }
  } else if (version === 1) {
    // Version 2 counts each job's stalls; a version-1 file gains the column, every job at 0.
    db.exec(sql['migrate-stalls']);
  } else if (version !== SCHEMA_VERSION) {
    throw new StoreError(`queue file ${path} has queue schema version ${version}; this gameday reads version ${SCHEMA_VERSION}`);
  }
  db.transaction(() => db.exec(sql.schema)).immediate();
}

function prepareAll(db: Database.Database, sql: SqlText) {
  const failRetry = db.prepare(sql['fail-retry']);
  const deadLetter = db.prepare(sql['dead-letter']);
  const deadStalled = db.prepare(sql['dead-letter-stalled']);
  const reclaim = db.prepare(sql['reclaim-expired']);
  // Jobs past their stall limit go to dead letters first; the rest come back, one stall more.
  const reclaimExpired = db.transaction((now: number, maxStalled: number) => {
    deadStalled.run({ now, maxStalled, reason: stalledReason(maxStalled) });
    return reclaim.run({ now }).changes;
  });
  // Retry when attempts are left; otherwise (or when retryAt is null) dead-letter. Both
  // statements check the lease, so a stale token changes nothing and returns false.
  const fail = db.transaction((id: string, lease: number, now: number, reason: string, retryAt: number | null) => {
    if (retryAt !== null && failRetry.run({ id, lease, reason, retryAt }).changes === 1) return true;
    return deadLetter.run({ id, lease, reason, now }).changes === 1;
  });
  return {
    enqueue: db.prepare(sql.enqueue),
    exists: db.prepare(sql.exists),
    claim: db.prepare(sql.claim),
    complete: db.prepare(sql.complete),
    fail,
    reclaimExpired,
    counts: db.prepare(sql.counts),
    deadLetters: db.prepare(sql['dead-letters']),
    unfinished: db.prepare(sql.unfinished),
  };
}
