import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Answer, StoreError, type Ledger, type QueueStore, type UnfinishedAtStop, type UnfinishedJob } from '../../model/index.js';
import type { Scenario } from '../../scenario/index.js';
import { MemoryQueueStore, openStore } from '../../store/index.js';
import { openRedisRunStore, type SharedRunStore } from './redis.js';
import { deadLetterReason, getStrategy } from '../../strategy/index.js';

/** The queue file's name inside the run's folder, when the scenario names none. */
export const DEFAULT_QUEUE_FILE = 'queue.db';
/** The queue file and the two SQLite keeps beside it in WAL mode. */
export const QUEUE_FILES = ['', '-wal', '-shm'].map((suffix) => DEFAULT_QUEUE_FILE + suffix);

/** The durable store of one run, opened before anything starts. */
export type RunStore = LocalRunStore | SharedRunStore;

/** A store in this process (memory) or in one file (sqlite). */
export interface LocalRunStore {
  kind: 'sqlite' | 'memory';
  /** Absolute path of the queue file (sqlite; none for one simulated in memory). */
  path?: string;
  store: QueueStore;
  /** A store for a restarted process: the same one if it survives a kill (sqlite), a new empty one if not (memory). */
  afterCrash(): QueueStore;
  deadLetters(): Promise<{ id: string; reason: string }[]>;
  close(): Promise<void>;
}

/**
 * Opens the store the scenario's strategy asks for, of any kind, or returns undefined when it
 * needs none (or the service is your own, which keeps its own queue). Every composition root that
 * runs a scenario opens its queue here: the run, the capacity probe. Runs before the service
 * starts, so a corrupt, foreign or unwritable queue file, an unreachable Redis or one that holds
 * another run's keys (under `gameday:run:<runId>`) is a StoreError at start (exit 2), never a
 * crash mid-run. `workDir` is only asked for when a queue file needs a folder. In sim, a SQLite
 * queue without a `path` is simulated in memory; a named file is used as it is.
 */
export async function openQueueStore(s: Scenario, workDir: () => string, runId: string, mode: 'live' | 'sim' = 'live'): Promise<RunStore | undefined> {
  if (s.service.url !== undefined) return undefined;
  const spec = getStrategy(s.service.strategy.type).storeSpec?.(s.service.strategy.options); // validated at load
  if (!spec) return undefined;
  const capacity = s.service.capacity;
  if (spec.kind === 'redis') return openRedisRunStore(spec.url!, runId, capacity);
  if (spec.kind === 'memory') {
    const store = new MemoryQueueStore({ capacity });
    return { kind: 'memory', store, afterCrash: () => new MemoryQueueStore({ capacity }), ...endings(store) };
  }
  if (mode === 'sim' && !spec.path) {
    // Only there to be simulated: SQLite's semantics (the conformance suite holds both to them) and
    // its durability (a killed process leaves it whole), without a statement per job on disk.
    const store = new MemoryQueueStore({ capacity });
    return { kind: 'sqlite', store, afterCrash: () => store, ...endings(store) };
  }
  const path = spec.path ? resolve(spec.path) : ownQueueFile(workDir());
  const store = openStore('sqlite', { path, capacity });
  const c = store.counts();
  const jobs = c.ready + c.leased + c.done + c.dead;
  if (jobs > 0) {
    store.close();
    throw new StoreError(
      `queue file ${path} already holds ${jobs} job(s) from an earlier run; a game day starts from an empty queue: delete the file or choose another \`path\``,
    );
  }
  return { kind: 'sqlite', path, store, afterCrash: () => store, ...endings(store) };
}

function endings(store: QueueStore): Pick<LocalRunStore, 'deadLetters' | 'close'> {
  return { deadLetters: async () => store.deadLetters(), close: async () => store.close() };
}

/** The run owns its default queue file: a leftover from an earlier run in the same folder is removed. */
function ownQueueFile(dir: string): string {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new StoreError(`queue folder ${dir} cannot be created (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  for (const name of QUEUE_FILES) rmSync(join(dir, name), { force: true });
  return resolve(join(dir, DEFAULT_QUEUE_FILE));
}

/** A fresh folder under the OS temp dir for a run without one; `cleanup` removes it. */
export function tempWorkDir(): { dir: () => string; cleanup(): void } {
  let dir: string | undefined;
  return {
    dir: () => (dir ??= mkdtempSync(join(tmpdir(), 'gameday-run-'))),
    cleanup: () => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A run stopped early (an abort, an interrupt) cut its drain short: the jobs a durable queue
 * (a SQLite file, Redis) still holds are there, not lost. Each one of this run's that has not
 * ended is marked in the ledger. Returns where the stop left what it cut short: requests still
 * waiting for their answer, and the queue's jobs by state (none from a queue in memory: it goes
 * with the service), zero when it left nothing. `settle` runs between reading the queue and
 * counting: a job the service finished meanwhile is done in the file and not held, and its
 * completion, on its way from the backend, must reach the ledger before anything is counted.
 */
export async function recordUnfinished(store: RunStore | undefined, ledger: Ledger, settle: () => Promise<void>): Promise<UnfinishedAtStop> {
  const marked: [number, UnfinishedJob['state']][] = [];
  if (store && store.kind !== 'memory') {
    const jobs: UnfinishedJob[] = store.kind === 'redis' ? await store.shared.unfinished() : store.store.unfinished();
    for (const { id, state } of jobs) {
      const i = ledger.ids.index(id);
      if (i < 0 || i >= ledger.count || ledger.lastAnswer[i] !== Answer.accepted) continue;
      ledger.holdAtStop(i);
      marked.push([i, state]);
    }
  }
  await settle();
  const held = { ready: 0, leased: 0 };
  for (const [i, state] of marked) if (ledger.outcome(i) === 'unfinished_at_stop') held[state]++;
  let inFlight = 0;
  for (let i = 0; i < ledger.count; i++) if (ledger.inFlightAtStop(i) && ledger.outcome(i) === 'unfinished_at_stop') inFlight++;
  if (!store || store.kind === 'memory' || held.ready + held.leased === 0) return { in_flight: inFlight };
  const where =
    store.kind === 'redis'
      ? `Redis ${store.url}, under ${store.prefix} (the run deletes its keys at the end)`
      : store.path
        ? `queue file ${store.path}`
        : 'the simulated queue file (in memory)';
  return { in_flight: inFlight, queue: { where, ...held } };
}

/**
 * Dead letters are terminal failures the store recorded durably. A failure report can die with a
 * killed process before it reaches the runner; the store cannot lose it, so the run reads them
 * back at the end and records any the ledger has not heard of.
 */
export function recordDeadLetters(letters: { id: string; reason: string }[], ledger: Ledger, at: number): number {
  let added = 0;
  for (const { id, reason } of letters) {
    const i = ledger.ids.index(id);
    if (i < 0 || i >= ledger.count || ledger.outcome(i) === 'completed' || ledger.outcome(i) === 'failed') continue;
    ledger.fail(i, deadLetterReason(reason), at);
    added++;
  }
  return added;
}
