import { StoreError } from '../../model/index.js';
import { RedisQueueStore } from '../../store/index.js';

/** A queue on a Redis server, under the run's own key prefix; the runner's handle owns (and at the end deletes) the keys. */
export interface SharedRunStore {
  kind: 'redis';
  url: string;
  /** The run's id (the nonce of its request ids): `gameday worker --run` names it. */
  runId: string;
  prefix: string;
  store?: undefined;
  shared: RedisQueueStore;
  afterCrash(): undefined;
  /** Jobs ready or leased as last read (every 100 ms), for the depth chart while no service process is up. */
  backlog(): number;
  deadLetters(): Promise<{ id: string; reason: string }[]>;
  /** Publishes what a joining worker needs (see announceRun); the latest-run pointer is removed at close. */
  announce(scenario: string, backendUrl: string, originEpochMs: number): Promise<void>;
  close(): Promise<void>;
}

/** How often the runner reads the queue's counts for the depth chart while no service process reports. */
const BACKLOG_POLL_MS = 100;

/** The key prefix of one run's queue: the run id is the nonce in its request ids, so a worker that joins can name it. */
export function runPrefix(runId: string): string {
  return `gameday:run:${runId}`;
}

/** The key naming a scenario's latest run, for `gameday worker` without `--run`. */
export function latestRunKey(scenario: string): string {
  return `gameday:latest:${scenario}`;
}

/** How long the latest-run pointer outlives its announcement (its run deletes its own queue keys when it ends). */
const LATEST_TTL_S = 24 * 3600;

/**
 * Publishes what a worker joining from another process or machine needs: the backend's URL (the
 * run's mock, where completions are counted), the run's clock origin (leases are run time) and
 * the scenario's name. Called once the run's clock is set, just before the traffic starts.
 */
export async function announceRun(store: SharedRunStore, scenario: string, backendUrl: string, originEpochMs: number): Promise<void> {
  await store.announce(scenario, backendUrl, originEpochMs);
}

/**
 * Opens the run's Redis queue before anything starts: an unreachable server or a prefix that
 * already holds keys (another run's queue) is a StoreError at start (exit 2). The runner's handle
 * owns the keys: closing it deletes them, so a run leaves nothing behind.
 */
export async function openRedisRunStore(url: string, runId: string, capacity: number): Promise<SharedRunStore> {
  const prefix = runPrefix(runId);
  const shared = await RedisQueueStore.open({ url, prefix, capacity, owner: false });
  const existing = await shared.existingKeys();
  if (existing > 0) {
    await shared.close();
    throw new StoreError(
      `Redis at ${url} already holds ${existing} key(s) under ${prefix}; a game day starts from an empty queue: choose another run or delete them`,
    );
  }
  const owned = await RedisQueueStore.open({ url, prefix, capacity, owner: true });
  await shared.close();
  let backlog = 0;
  /** The scenario name this run announced itself under, if it did (its latest-run pointer goes at close). */
  let announcedAs: string | undefined;
  const timer = setInterval(() => {
    owned.counts().then(
      (c) => (backlog = c.ready + c.leased),
      () => undefined,
    );
  }, BACKLOG_POLL_MS);
  timer.unref();
  return {
    kind: 'redis',
    url,
    runId,
    prefix,
    shared: owned,
    afterCrash: () => undefined,
    backlog: () => backlog,
    deadLetters: () => owned.deadLetters(),
    async announce(scenario, backendUrl, originEpochMs) {
      announcedAs = scenario;
      const info = { scenario, runId, backend: backendUrl, origin: String(originEpochMs) };
      await owned.announce(info, latestRunKey(scenario), runId, LATEST_TTL_S);
    },
    async close() {
      clearInterval(timer);
      if (announcedAs) await owned.forget(latestRunKey(announcedAs), runId).catch(() => undefined);
      await owned.close();
    },
  };
}
