import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { StoreError } from '../../model/errors.js';
import {
  NO_STALL_LIMIT,
  stalledReason,
  type AsyncQueueStore,
  type ClaimedJob,
  type EnqueueAnswer,
  type NewJob,
  type StoreCounts,
  type UnfinishedJob,
} from '../../model/queue-store.js';
import { checkCapacity } from '../capacity.js';
import { loadLua, type LuaName } from './scripts.js';

/** How long a command may wait for a lost connection to come back before the store fails. */
const RECONNECT_TRIES = 20;
const RECONNECT_STEP_MS = 100;
const CONNECT_TIMEOUT_MS = 3000;

export interface RedisStoreOptions {
  url: string;
  /** Every key of the queue starts with it; one run, one prefix. */
  prefix: string;
  capacity: number;
  /** The handle that owns the keys deletes them on close (the runner's); a service process's does not. */
  owner?: boolean;
  /** Names this handle's claims (a service process), so a crash report can ask which jobs a dead process held. */
  holder?: string;
}

/** The queue's keys, all under one hash tag so a Redis Cluster keeps them in one slot (Lua needs that). */
export function queueKeys(prefix: string) {
  const k = (name: string) => `{${prefix}}:${name}`;
  return { jobs: k('jobs'), ready: k('ready'), delayed: k('delayed'), leased: k('leased'), dead: k('dead'), meta: k('meta'), info: k('info') };
}

/**
 * A QueueStore shared by many processes on many machines: one Lua script per operation, so
 * admission (capacity), claim and settle are each atomic across all of them. Times are the
 * callers' clocks (run time on a shared origin), as with every store; processes on several
 * machines need clocks in step (NTP) within a small part of the lease.
 */
export class RedisQueueStore implements AsyncQueueStore {
  private readonly keys: ReturnType<typeof queueKeys>;
  private readonly sha: Record<LuaName, string>;
  private closed = false;

  private constructor(
    private readonly redis: Redis,
    private readonly opts: RedisStoreOptions,
    private readonly lua: Record<LuaName, string>,
  ) {
    this.keys = queueKeys(opts.prefix);
    this.sha = Object.fromEntries(Object.entries(lua).map(([n, text]) => [n, createHash('sha1').update(text).digest('hex')])) as Record<LuaName, string>;
  }

  /** Connects and answers a PING before it returns: an unreachable Redis is a StoreError at start, never mid-run. */
  static async open(opts: RedisStoreOptions): Promise<RedisQueueStore> {
    checkCapacity(opts.capacity);
    const lua = loadLua();
    const redis = new Redis(opts.url, {
      lazyConnect: true,
      connectTimeout: CONNECT_TIMEOUT_MS,
      maxRetriesPerRequest: RECONNECT_TRIES,
      retryStrategy: (times) => (times > RECONNECT_TRIES ? null : RECONNECT_STEP_MS),
    });
    // Surfaced by the failing command; the socket's own error says more than "Connection is closed".
    let socketError: Error | undefined;
    redis.on('error', (err: Error) => (socketError = err));
    try {
      await redis.connect();
      await redis.ping();
    } catch (err) {
      redis.disconnect();
      const why = (socketError ?? (err as Error)).message;
      throw new StoreError(`Redis at ${opts.url} cannot be reached (${why}): start redis-server or set the store's \`url\``);
    }
    return new RedisQueueStore(redis, opts, lua);
  }

  get prefix(): string {
    return this.opts.prefix;
  }

  /** How many keys of this prefix exist already (0 for a fresh run). */
  async existingKeys(): Promise<number> {
    return this.redis.exists(...Object.values(this.keys));
  }

  async enqueue(job: NewJob, _now: number): Promise<EnqueueAnswer> {
    const k = this.keys;
    const r = await this.run('enqueue', [k.jobs, k.ready, k.meta], [job.id, job.priority, job.payload, job.maxAttempts, this.opts.capacity]);
    return r === 1 ? 'added' : r === 0 ? 'exists' : 'full';
  }

  async claim(now: number, leaseMs: number): Promise<ClaimedJob | undefined> {
    const k = this.keys;
    const row = (await this.run('claim', [k.jobs, k.ready, k.delayed, k.leased, k.meta], [now, leaseMs, this.opts.holder ?? ''])) as string[] | null;
    if (!row) return undefined;
    const [id, priority, payload, maxAttempts, attempts, lease] = row;
    return { id, priority: Number(priority), payload, maxAttempts: Number(maxAttempts), attempts: Number(attempts), lease: Number(lease) };
  }

  async complete(id: string, lease: number, _now: number): Promise<boolean> {
    const k = this.keys;
    return (await this.run('complete', [k.jobs, k.leased, k.meta], [id, lease])) === 1;
  }

  async fail(id: string, lease: number, _now: number, reason: string, retryAt: number | null): Promise<boolean> {
    const k = this.keys;
    return (await this.run('fail', [k.jobs, k.leased, k.delayed, k.dead, k.meta], [id, lease, reason, retryAt ?? ''])) === 1;
  }

  async reclaimExpired(now: number, maxStalled = NO_STALL_LIMIT): Promise<number> {
    const k = this.keys;
    const limit = Math.min(maxStalled, NO_STALL_LIMIT);
    return (await this.run('reclaim', [k.jobs, k.leased, k.ready, k.dead, k.meta], [now, limit, stalledReason(limit)])) as number;
  }

  async counts(): Promise<StoreCounts> {
    this.check('counts');
    const [ready, leased, done, dead] = await this.redis.hmget(this.keys.meta, 'ready', 'leased', 'done', 'dead');
    return { ready: Number(ready ?? 0), leased: Number(leased ?? 0), done: Number(done ?? 0), dead: Number(dead ?? 0) };
  }

  async unfinished(): Promise<UnfinishedJob[]> {
    this.check('unfinished');
    const [ready, delayed, leased] = await Promise.all([this.keys.ready, this.keys.delayed, this.keys.leased].map((k) => this.redis.zrange(k, 0, -1)));
    return [...[...ready, ...delayed].map((id) => ({ id, state: 'ready' as const })), ...leased.map((id) => ({ id, state: 'leased' as const }))];
  }

  async deadLetters(): Promise<{ id: string; reason: string }[]> {
    this.check('deadLetters');
    const ids = await this.redis.lrange(this.keys.dead, 0, -1);
    if (ids.length === 0) return [];
    const jobs = await this.redis.hmget(this.keys.jobs, ...ids);
    return ids.map((id, i) => ({ id, reason: (JSON.parse(jobs[i] ?? '{}') as { r?: string }).r ?? '' }));
  }

  /** The jobs `holder` holds a lease on right now, by id with its lease token. */
  async heldBy(holder: string): Promise<Map<string, number>> {
    const leases = await this.leases(await this.redis.zrange(this.keys.leased, 0, -1));
    return new Map([...leases].filter(([, l]) => l.holder === holder).map(([id, l]) => [id, l.lease]));
  }

  /** Each job's state, lease token and holder (an unknown id is left out). */
  async leases(ids: string[]): Promise<Map<string, { state: string; lease: number; holder: string }>> {
    const out = new Map<string, { state: string; lease: number; holder: string }>();
    if (ids.length === 0) return out;
    const rows = await this.redis.hmget(this.keys.jobs, ...ids);
    ids.forEach((id, i) => {
      const row = rows[i];
      if (!row) return;
      const j = JSON.parse(row) as { s: string; l: number; h?: string };
      out.set(id, { state: j.s, lease: j.l, holder: j.h ?? '' });
    });
    return out;
  }

  /** Publishes what a process that joins the run needs (where the backend is, the run's clock origin); deleted with the queue. */
  async announce(info: Record<string, string>, latestKey: string, runId: string, ttlS: number): Promise<void> {
    await this.redis.multi().hset(this.keys.info, info).set(latestKey, runId, 'EX', ttlS).exec();
  }

  /** What the run published for joiners; empty once the run is over (its keys are gone). */
  async info(): Promise<Record<string, string>> {
    this.check('info');
    return this.redis.hgetall(this.keys.info);
  }

  /** Deletes a plain key if it still holds `value` (a newer run's pointer stays). */
  async forget(key: string, value: string): Promise<void> {
    if ((await this.redis.get(key)) === value) await this.redis.del(key);
  }

  /** Reads one plain key (the latest run of a scenario). */
  async read(key: string): Promise<string | null> {
    this.check('read');
    return this.redis.get(key);
  }

  /** Deletes every key of this prefix: the run's queue is gone. */
  async destroy(): Promise<void> {
    await this.redis.del(...Object.values(this.keys));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      if (this.opts.owner) await this.destroy();
    } finally {
      this.closed = true;
      await this.redis.quit().catch(() => this.redis.disconnect());
    }
  }

  private async run(name: LuaName, keys: string[], args: (string | number)[]): Promise<unknown> {
    this.check(name);
    try {
      return await this.redis.evalsha(this.sha[name], keys.length, ...keys, ...args);
    } catch (err) {
      // A Redis that restarted (or never saw the script) has no cache: send the text once.
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return this.redis.eval(this.lua[name], keys.length, ...keys, ...args);
    }
  }

  private check(op: string): void {
    if (this.closed) throw new StoreError(`Redis queue ${this.opts.prefix}: ${op} after close`);
  }
}
