import { hostname } from 'node:os';
import { addCounters, ConfigError, NO_COUNTERS, type ServiceCounters } from '../model/index.js';
import type { Scenario } from '../scenario/index.js';
import { serviceConfig } from '../service/index.js';
import { RedisQueueStore } from '../store/index.js';
import { getStrategy } from '../strategy/index.js';
import type { ChildConfig, ChildMessage } from './child/protocol.js';
import { latestRunKey, runPrefix } from './queue/redis.js';
import { ServiceChild } from './child/service-child.js';

/** How often a joined worker looks whether its run is still on (its queue keys exist). */
const RUN_POLL_MS = 250;

export interface JoinOptions {
  /** The Redis the run's queue is on. */
  redisUrl: string;
  /** The run to join; default: the latest run of this scenario announced on that Redis. */
  runId?: string;
  /** Worker processes to start, each with `service.workers` workers. @default 1 */
  processes?: number;
  /** How long to wait for the run to be announced (it announces when its traffic starts). @default 30 s */
  waitMs?: number;
  signal?: AbortSignal;
  /** Told once the workers have joined. */
  onJoined?(run: { runId: string; backend: string; processes: number }): void;
}

export interface JoinResult {
  runId: string;
  /** What the joined worker processes counted (processed: jobs they completed at the backend). */
  counters: ServiceCounters;
}

/**
 * `gameday worker`: worker processes of a scenario's service that join a running game day's
 * Redis queue, from this machine or another. They claim the run's jobs and call the run's own
 * mock backend, where completions are counted, so the run's ledger counts theirs exactly as
 * its local workers'. Returns when the run ends (its queue keys are gone) or on `signal`.
 */
export async function joinRun(s: Scenario, opts: JoinOptions): Promise<JoinResult> {
  const spec = getStrategy(s.service.strategy.type).storeSpec?.(s.service.strategy.options);
  if (s.service.url !== undefined || spec?.kind !== 'redis') {
    throw new ConfigError(
      `${s.source}: gameday worker joins a shared queue: the scenario needs \`strategy: { type: persistent, store: redis }\``,
      'GD_ERR_PROCESS',
    );
  }
  const lookup = await RedisQueueStore.open({ url: opts.redisUrl, prefix: 'gameday:join', capacity: 1 });
  let info: Record<string, string>;
  let store: RedisQueueStore | undefined;
  try {
    ({ info, store } = await findRun(lookup, s.name, opts));
  } finally {
    await lookup.close();
  }
  const children: ServiceChild[] = [];
  const handlers = {
    onMessage: (_m: ChildMessage) => undefined, // terminal failures are dead letters in the queue: the run reads them there
    onExit: () => undefined, // a child's last state report stays on its handle
  };
  const n = opts.processes ?? 1;
  try {
    for (let i = 0; i < n; i++) children.push(ServiceChild.spawn(handlers));
    await Promise.all(children.map((child, i) => child.boot(workerConfig(s, info, opts.redisUrl, `remote-${hostname()}-${process.pid}-${i + 1}`))));
    opts.onJoined?.({ runId: info.runId, backend: info.backend, processes: n });
    // Until the run deletes its queue (it is over) or we are told to stop.
    while (!opts.signal?.aborted && Object.keys(await store.info()).length > 0) await sleep(RUN_POLL_MS, opts.signal);
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    await store.close();
  }
  return { runId: info.runId, counters: children.reduce((sum, c) => addCounters(sum, c.state?.counters), NO_COUNTERS) };
}

/** Waits for the run to be announced; the store handle it returns is on the run's prefix. */
async function findRun(lookup: RedisQueueStore, scenario: string, opts: JoinOptions): Promise<{ info: Record<string, string>; store: RedisQueueStore }> {
  const deadline = Date.now() + (opts.waitMs ?? 30_000);
  for (;;) {
    const runId = opts.runId ?? (await lookup.read(latestRunKey(scenario)));
    if (runId) {
      const store = await RedisQueueStore.open({ url: opts.redisUrl, prefix: runPrefix(runId), capacity: 1 });
      const info = await store.info();
      if (info.backend && info.scenario !== scenario) {
        await store.close();
        throw new ConfigError(
          `run ${runId} on ${opts.redisUrl} is scenario \`${info.scenario}\`, not \`${scenario}\`: give its own scenario file`,
          'GD_ERR_USAGE',
        );
      }
      if (info.backend) return { info, store };
      await store.close();
    }
    if (Date.now() >= deadline || opts.signal?.aborted) {
      const which = opts.runId ? `run ${opts.runId}` : `a run of scenario \`${scenario}\``;
      throw new ConfigError(
        `${which} is not on ${opts.redisUrl} (waited ${Math.round((opts.waitMs ?? 30_000) / 1000)} s): start \`gameday run\` first, or check --redis and --run`,
        'GD_ERR_USAGE',
      );
    }
    await sleep(RUN_POLL_MS, opts.signal);
  }
}

function workerConfig(s: Scenario, info: Record<string, string>, redisUrl: string, holder: string): ChildConfig {
  return {
    type: 'config',
    service: serviceConfig(s),
    backend: { baseURL: info.backend, model: s.backend.model, sdkMaxRetries: s.service.sdkMaxRetries, stream: s.backend.stream !== undefined },
    store: { kind: 'redis', url: redisUrl, prefix: runPrefix(info.runId) },
    originEpochMs: Number(info.origin),
    port: 0,
    stateIntervalMs: 100,
    role: 'worker',
    holder,
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
