import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger, StoreError } from '../../model/index.js';
import { parseScenario } from '../../index.js';
import { MemoryQueueStore, SqliteQueueStore } from '../../store/index.js';
import { openQueueStore, recordDeadLetters, type LocalRunStore, type RunStore } from './run-store.js';

const scenario = (strategy: string) =>
  parseScenario(`name: s\ntraffic: { phases: [{ duration: 1s, rate: 2 }] }\nservice: { strategy: ${strategy}, capacity: 5 }\n`, 's.yaml');
const tempDir = () => mkdtempSync(join(tmpdir(), 'gameday-run-store-'));
/** The store a run opens for `strategy`, local (memory or a file) in these tests. */
const openLocal = async (s: Parameters<typeof openQueueStore>[0], workDir: () => string) =>
  (await openQueueStore(s, workDir, 'gd-test')) as (RunStore & LocalRunStore) | undefined;

describe('openQueueStore', () => {
  it('opens nothing for a strategy that needs no store, and does not ask for a folder', async () => {
    expect(
      await openLocal(scenario('reject-503'), () => {
        throw new Error('not asked');
      }),
    ).toBeUndefined();
  });

  it('puts the queue file in the run folder, replacing one an earlier run left there', async () => {
    const dir = join(tempDir(), 'out');
    const first = (await openLocal(scenario('persistent'), () => dir))!;
    expect(first.path).toBe(join(dir, 'queue.db'));
    first.store.enqueue({ id: 'gd-0', priority: 0, payload: '{}', maxAttempts: 1 }, 0);
    first.close();
    const second = (await openLocal(scenario('persistent'), () => dir))!;
    expect(second.store.counts()).toEqual({ ready: 0, leased: 0, done: 0, dead: 0 });
    expect(second.afterCrash()).toBe(second.store);
    second.close();
  });

  it('refuses a named queue file that still holds jobs, and leaves it as it was', async () => {
    const path = join(tempDir(), 'kept.db');
    const old = SqliteQueueStore.open(path, { capacity: 5 });
    old.enqueue({ id: 'gd-0', priority: 0, payload: '{}', maxAttempts: 1 }, 0);
    old.close();
    const open = () => openLocal(scenario(`{ type: persistent, path: ${path} }`), tempDir);
    await expect(open()).rejects.toThrow(StoreError);
    await expect(open()).rejects.toThrow(`queue file ${path} already holds 1 job(s) from an earlier run`);
    const reopened = SqliteQueueStore.open(path, { capacity: 5 });
    expect(reopened.counts().ready).toBe(1);
    reopened.close();
  });

  it('names a corrupt queue file before anything runs', async () => {
    const path = join(tempDir(), 'corrupt.db');
    writeFileSync(path, 'x'.repeat(4096));
    await expect(openLocal(scenario(`{ type: persistent, path: ${path} }`), tempDir)).rejects.toThrow(`queue file ${path} is not a SQLite database`);
  });

  it('gives a memory store a fresh one after a crash: it did not survive the process', async () => {
    const rs = (await openLocal(scenario('{ type: persistent, store: memory }'), tempDir))!;
    expect(rs.kind).toBe('memory');
    expect(rs.afterCrash()).not.toBe(rs.store);
    expect(existsSync(join(tmpdir(), 'queue.db'))).toBe(false);
  });
});

describe('a durable queue in sim', () => {
  it("is simulated in memory with the file's durability (the same store after a crash), and writes no file", async () => {
    const dir = join(tempDir(), 'out');
    const rs = (await openQueueStore(scenario('persistent'), () => dir, 'gd-test', 'sim')) as LocalRunStore;
    expect(rs.kind).toBe('sqlite');
    expect(rs.path).toBeUndefined();
    expect(rs.store).toBeInstanceOf(MemoryQueueStore);
    expect(rs.afterCrash()).toBe(rs.store);
    expect(existsSync(dir)).toBe(false);
  });

  it('is the file itself when the scenario names one (path)', async () => {
    const path = join(tempDir(), 'named.db');
    const rs = (await openQueueStore(scenario(`{ type: persistent, path: ${path} }`), tempDir, 'gd-test', 'sim')) as LocalRunStore;
    expect(rs.path).toBe(path);
    expect(rs.store).toBeInstanceOf(SqliteQueueStore);
    await rs.close();
  });
});

describe('recordDeadLetters', () => {
  it('records dead letters the ledger has not heard of, once, with their reason', async () => {
    const rs = (await openLocal(scenario('{ type: persistent, store: memory }'), tempDir))!;
    const s = rs.store;
    const ledger = new Ledger(3, new Uint8Array(3), new Float64Array(3));
    // The last one is another run's (a stale queue file): never recorded against this run's request 2.
    const earlierRun = new Ledger(3, new Uint8Array(3), new Float64Array(3));
    const ids = [ledger.ids.id(0), ledger.ids.id(1), ledger.ids.id(2), earlierRun.ids.id(2)];
    for (const id of ids) s.enqueue({ id, priority: 0, payload: '{}', maxAttempts: 1 }, 0);
    for (let k = 0; k < ids.length; k++) {
      const job = s.claim(0, 100)!;
      s.fail(job.id, job.lease, 1, 'backend 500', null);
    }
    ledger.fail(0, 'dead-letter: backend 500', 1); // reported live by the service
    ledger.complete(1, 1); // completed at the backend before its ack was lost
    expect(recordDeadLetters(s.deadLetters(), ledger, 9)).toBe(1);
    expect(recordDeadLetters(s.deadLetters(), ledger, 9)).toBe(0);
    expect(ledger.outcome(2)).toBe('failed');
    expect(Object.fromEntries(ledger.failureReasons)).toEqual({ 'dead-letter: backend 500': 2 });
  });
});
