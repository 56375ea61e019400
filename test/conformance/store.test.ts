import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, StoreError } from '../../src/model/errors.js';
import { stalledReason, type QueueStore } from '../../src/model/queue-store.js';
import { asyncQueueStore, MemoryQueueStore, openStore, SqliteQueueStore } from '../../src/store/index.js';
import { drainIds, newJob, storeConformance } from './store.suite.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'gameday-store-'));
let files = 0;
/** The crash fixture enqueues JOBS jobs and leases CLAIMED of them until 1001. */
const JOBS = 200;
const CLAIMED = 50;
const tempFile = (): string => join(dir, `queue-${++files}.db`);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

storeConformance('memory', (opts) => asyncQueueStore(new MemoryQueueStore(opts)));
storeConformance('sqlite', (opts) => asyncQueueStore(SqliteQueueStore.open(tempFile(), opts)));

describe('SqliteQueueStore durability', () => {
  it('keeps jobs, states, reasons and token order across close and reopen', () => {
    const path = tempFile();
    const first = SqliteQueueStore.open(path, { capacity: 10 });
    for (const id of ['a', 'b', 'c', 'd']) first.enqueue(newJob(id, 1, 1), 0);
    const a = first.claim(1, 100)!;
    const b = first.claim(1, 100)!;
    first.claim(1, 100); // c stays leased
    first.complete(a.id, a.lease, 2);
    first.fail(b.id, b.lease, 2, 'fatal', null);
    first.close();

    const second = SqliteQueueStore.open(path, { capacity: 10 });
    expect(second.counts()).toEqual({ ready: 1, leased: 1, done: 1, dead: 1 });
    expect(second.deadLetters()).toEqual([{ id: 'b', reason: 'fatal' }]);
    expect(second.enqueue(newJob('a'), 3)).toBe('exists');
    const d = second.claim(3, 100)!;
    expect(d.id).toBe('d');
    expect(d.lease).toBeGreaterThan(b.lease + 1); // c had b.lease + 1
    second.close();
  });

  it('recovers from a second handle while the first is still open, as after a SIGKILL', () => {
    const path = tempFile();
    const crashed = SqliteQueueStore.open(path, { capacity: 10 });
    for (const id of ['a', 'b', 'c']) crashed.enqueue(newJob(id), 0);
    const stale = crashed.claim(0, 100)!;

    const recovered = SqliteQueueStore.open(path, { capacity: 10 });
    expect(recovered.counts()).toEqual({ ready: 2, leased: 1, done: 0, dead: 0 });
    expect(recovered.reclaimExpired(100)).toBe(0);
    expect(recovered.reclaimExpired(101)).toBe(1);
    const again = recovered.claim(101, 100)!;
    expect(again).toMatchObject({ id: 'a', attempts: 2 });
    expect(again.lease).toBeGreaterThan(stale.lease);
    expect(crashed.complete('a', stale.lease, 102)).toBe(false);
    expect(drainIds(recovered, 102)).toEqual(['b', 'c']);
    expect(recovered.complete('a', again.lease, 103)).toBe(true);
    expect(crashed.counts()).toEqual({ ready: 0, leased: 2, done: 1, dead: 0 });
    recovered.close();
    crashed.close();
  });

  it('loses nothing when the process holding it is SIGKILLed', async () => {
    const path = tempFile();
    await runAndKill(path);
    expect(existsSync(`${path}-wal`)).toBe(true); // killed before any clean close/checkpoint

    const store = SqliteQueueStore.open(path, { capacity: 1000 });
    expect(store.counts()).toEqual({ ready: JOBS - CLAIMED, leased: CLAIMED, done: 0, dead: 0 });
    expect(store.reclaimExpired(2000)).toBe(CLAIMED);
    const ids = drainIds(store, 2000);
    expect(ids).toHaveLength(JOBS);
    expect(new Set(ids)).toEqual(new Set(Array.from({ length: JOBS }, (_, i) => `job-${i}`)));
    expect(store.claim(2000, 1000)).toBeUndefined();
    expect(store.counts()).toEqual({ ready: 0, leased: JOBS, done: 0, dead: 0 });
    store.close();
  });
});

describe('SqliteQueueStore.open errors', () => {
  const openError = (path: string): StoreError => {
    try {
      SqliteQueueStore.open(path, { capacity: 1 }).close();
    } catch (err) {
      expect(err).toBeInstanceOf(StoreError);
      return err as StoreError;
    }
    throw new Error(`expected open(${path}) to throw`);
  };

  it('names a file that is not a SQLite database, and leaves it untouched', () => {
    const path = tempFile();
    const garbage = 'not a database at all\n'.repeat(300);
    writeFileSync(path, garbage);
    const err = openError(path);
    expect(err.message).toBe(`queue file ${path} is not a SQLite database (file is not a database)`);
    expect(err.code).toBe('GD_ERR_STORE');
    expect(readFileSync(path, 'utf8')).toBe(garbage);
  });

  it('names a directory that does not exist', () => {
    const path = join(dir, 'missing', 'queue.db');
    expect(openError(path).message).toBe(`queue file ${path} cannot be opened: directory ${join(dir, 'missing')} does not exist`);
  });

  it('names a parent that is a file', () => {
    const parent = tempFile();
    writeFileSync(parent, '');
    const path = join(parent, 'queue.db');
    expect(openError(path).message).toBe(`queue file ${path} cannot be opened: ${parent} is not a directory`);
  });

  it('names a path that is a directory', () => {
    expect(openError(dir).message).toBe(`queue file ${dir} cannot be opened: it is a directory`);
  });

  it.skipIf(process.getuid?.() === 0)('names a directory that is not writable', () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    try {
      const path = join(locked, 'queue.db');
      expect(openError(path).message).toBe(`queue file ${path} cannot be opened: directory ${locked} is not writable`);
    } finally {
      chmodSync(locked, 0o755);
    }
  });

  it("refuses someone else's SQLite database", () => {
    const path = tempFile();
    const other = new Database(path);
    other.exec('CREATE TABLE users (id INTEGER PRIMARY KEY)');
    other.close();
    expect(openError(path).message).toBe(`queue file ${path} is a SQLite database but not a gameday queue (it has 1 other tables)`);
  });

  it('refuses a queue file of another schema version', () => {
    const path = tempFile();
    const newer = new Database(path);
    newer.pragma('user_version = 99');
    newer.close();
    expect(openError(path).message).toBe(`queue file ${path} has queue schema version 99; this gameday reads version 2`);
  });

  it('opens a version-1 queue file (before stalls were counted) with its jobs, each at 0 stalls', () => {
    const path = tempFile();
    const before = SqliteQueueStore.open(path, { capacity: 10 });
    before.enqueue(newJob('kept'), 0);
    before.close();
    const v1 = new Database(path);
    v1.exec('ALTER TABLE jobs DROP COLUMN stalls; PRAGMA user_version = 1;');
    v1.close();
    const after = SqliteQueueStore.open(path, { capacity: 10 });
    expect(after.claim(1, 100)).toMatchObject({ id: 'kept', attempts: 1 });
    expect(after.reclaimExpired(102, 0)).toBe(0);
    expect(after.deadLetters()).toEqual([{ id: 'kept', reason: stalledReason(0) }]);
    after.close();
  });

  it('refuses operations after close', () => {
    const path = tempFile();
    const store = SqliteQueueStore.open(path, { capacity: 1 });
    store.close();
    store.close();
    expect(() => store.counts()).toThrow(`queue file ${path}: counts after close`);
  });
});

describe('openStore', () => {
  it('opens a memory store and a sqlite store behind the same interface', () => {
    const stores: QueueStore[] = [openStore('memory', { capacity: 1 }), openStore('sqlite', { path: tempFile(), capacity: 1 })];
    for (const store of stores) {
      expect(store.enqueue(newJob('a'), 0)).toBe('added');
      expect(store.enqueue(newJob('b'), 0)).toBe('full');
      store.close();
    }
  });

  it('asks for a path for sqlite and rejects unknown kinds and capacities', () => {
    expect(() => openStore('sqlite', { capacity: 1 })).toThrow(ConfigError);
    expect(() => openStore('redis' as 'memory', { capacity: 1 })).toThrow('Expected store kind to be one of memory, sqlite, got `redis`');
    expect(() => openStore('memory', { capacity: 0 })).toThrow('Expected store `capacity` to be an integer >= 1, got `0`');
  });
});

describe('SQL files', () => {
  const sqlDir = join(root, 'src/store/sqlite/sql');
  it.each(readdirSync(sqlDir).filter((f) => f.endsWith('.sql')))('%s states its parameters and what it returns', (file) => {
    const header = readFileSync(join(sqlDir, file), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('--'))
      .join('\n');
    expect(header).toMatch(/Params:/);
    expect(header).toMatch(/Returns:/);
  });
});

/** Runs the crash fixture on `path`, waits for "ready", SIGKILLs it and waits for it to die. */
async function runAndKill(path: string): Promise<void> {
  const fixture = fileURLToPath(new URL('./fixtures/crash-child.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, path, String(JOBS), String(CLAIMED)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`crash fixture exited early (code ${code}): ${stderr}`)));
  });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
}
