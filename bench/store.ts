// Queue store throughput against a reference measured in the same run: raw better-sqlite3
// single-row INSERTs in autocommit, with the same pragmas (WAL, synchronous=NORMAL). A store
// cycle is three commits (enqueue, claim, complete), each writing 3-4 pages to the WAL (row,
// id index, active-queue index, counters) where the reference writes one, so expect a ratio
// near 1/10. Run: npx tsx bench/store.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import type { QueueStore } from '../src/model/queue-store.js';
import { MemoryQueueStore, SqliteQueueStore } from '../src/store/index.js';

export interface BenchRow {
  name: string;
  ops_per_s: number;
  /** ops_per_s divided by the reference row's ops_per_s, measured in the same run. */
  ratio_to_reference: number;
  /** Name of the reference row. */
  reference: string;
}

const N = 20_000;
/** The deep-queue row enqueues everything before draining: 10k keeps the whole bench under ~20 s. */
const N_DEEP = 10_000;
const ROUNDS = 3;
const PAYLOAD = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 512, prompt: 'x'.repeat(120) });
const REFERENCE = 'better-sqlite3 INSERT, autocommit (reference)';

/** Ops per second of `run(n)`, median of ROUNDS fresh runs. */
function measure(run: (n: number, file: string) => void, dir: string, n = N): number {
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const file = join(dir, `bench-${round}-${process.hrtime.bigint()}.db`);
    const start = performance.now();
    run(n, file);
    rates.push(n / ((performance.now() - start) / 1000));
  }
  return rates.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)];
}

function rawInserts(n: number, file: string): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (payload) VALUES (?)');
  for (let i = 0; i < n; i++) insert.run(PAYLOAD);
  db.close();
}

/** enqueue, claim, complete: one job through the queue at a time (queue depth 0–1). */
function cycles(store: QueueStore, n: number): void {
  for (let i = 0; i < n; i++) {
    store.enqueue({ id: `req-${i}`, priority: i % 4, payload: PAYLOAD, maxAttempts: 3 }, i);
    const job = store.claim(i, 30_000)!;
    store.complete(job.id, job.lease, i);
  }
  store.close();
}

/** All n enqueued first, then all claimed and completed: the queue n deep. */
function fillThenDrain(store: QueueStore, n: number): void {
  for (let i = 0; i < n; i++) store.enqueue({ id: `req-${i}`, priority: i % 4, payload: PAYLOAD, maxAttempts: 3 }, i);
  for (let i = 0; i < n; i++) {
    const job = store.claim(n + i, 30_000)!;
    store.complete(job.id, job.lease, n + i);
  }
  store.close();
}

export async function benchStore(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gameday-bench-store-'));
  try {
    const reference = measure(rawInserts, dir);
    const measured: [string, number][] = [
      [REFERENCE, reference],
      ['SqliteQueueStore enqueue+claim+complete', measure((n, file) => cycles(SqliteQueueStore.open(file, { capacity: n }), n), dir)],
      [
        `SqliteQueueStore same, queue ${N_DEEP / 1000}k deep`,
        measure((n, file) => fillThenDrain(SqliteQueueStore.open(file, { capacity: n }), n), dir, N_DEEP),
      ],
      ['MemoryQueueStore enqueue+claim+complete', measure((n) => cycles(new MemoryQueueStore({ capacity: n }), n), dir)],
    ];
    return measured.map(([name, ops]) => ({ name, ops_per_s: Math.round(ops), ratio_to_reference: ops / reference, reference: REFERENCE }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatRows(rows: BenchRow[]): string {
  const width = Math.max(...rows.map((r) => r.name.length));
  const title = `queue stores: ops/s, median of ${ROUNDS} runs of ${N} (noise here is about ±15%)`;
  const header = `${'name'.padEnd(width)}  ${'ops/s'.padStart(10)}  ${'vs ref'.padStart(8)}`;
  const lines = rows.map((r) => `${r.name.padEnd(width)}  ${String(r.ops_per_s).padStart(10)}  ${r.ratio_to_reference.toFixed(3).padStart(8)}`);
  return [title, header, ...lines].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  console.log(formatRows(await benchStore()));
}
