import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/index.js';
import { expectReconciled } from '../helpers/invariant.js';
import { scenario } from '../helpers/scenario.js';
import type { TruthTable } from './services/kit.js';
import { connection, expectedFromTruth, expectMatchesTruth, freePort, redisAnswers, startService, type RunningService } from './harness.js';

/**
 * A BullMQ service on Redis at 127.0.0.1:6379: an API process and a separate worker process.
 * Each test uses its own queue name and key prefix and removes them afterwards.
 */
describe('BullMQ (API + separate worker on Redis), counted from outside', () => {
  const started: RunningService[] = [];
  const queues: { name: string; prefix: string }[] = [];
  beforeAll(() => {
    if (!redisAnswers())
      throw new Error('Redis is not answering at 127.0.0.1:6379: these tests need it (bash scripts/ensure-redis.sh starts one; .ci/run does)');
  });
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop();
  });
  afterAll(async () => {
    for (const { name, prefix } of queues) {
      const q = new Queue(name, { connection, prefix });
      await q.obliterate({ force: true });
      await (await q.client).del(`${prefix}:truth`);
      await q.close();
    }
  });

  function fresh(): { QUEUE: string; PREFIX: string } {
    const tag = randomBytes(4).toString('hex');
    const q = { name: `gameday-test-${tag}`, prefix: `gdtest-${tag}` };
    queues.push(q);
    return { QUEUE: q.name, PREFIX: q.prefix };
  }

  async function start(name: 'bullmq-api' | 'bullmq-worker', env: Record<string, string | number>) {
    const s = await startService(name, env);
    started.push(s);
    return s;
  }

  const game = (url: string, mockPort: number, extra: Record<string, unknown> = {}) =>
    scenario({
      name: 'bullmq',
      // The run ends once the service is quiet; a loaded machine may need the longer drain.
      traffic: { phases: [{ duration: '2s', rate: 15 }], drain: '15s' },
      client: { timeout: '10s', retry: { policy: 'none' } },
      service: { url, quietPeriod: '1s' },
      backend: { port: mockPort, latency: { p50: '20ms', p99: '50ms' } },
      ...extra,
    });

  it('a second run after a first left a backlog: the backlog is foreign, never credited; 503 with an HTTP-date Retry-After is shed', async () => {
    const mockPort = await freePort();
    const env = { ...fresh(), ANTHROPIC_BASE_URL: `http://127.0.0.1:${mockPort}`, CAPACITY: 30, WORKERS: 2 };
    const api = await start('bullmq-api', env);
    // Run 1: no worker yet, so all 30 jobs wait in Redis: lost, and never reached the backend.
    const first = await runScenario(game(api.url, mockPort, { traffic: { phases: [{ duration: '2s', rate: 15 }], drain: '2s' } }), { mode: 'live' });
    expectReconciled(first);
    const before = await api.truth();
    expectMatchesTruth(first, before);
    expect(first.totals.lost).toBe(30);
    expect(first.lost_breakdown.never_reached_backend).toBe(30);

    // Run 2: the worker comes up and drains the old backlog while the API refuses new jobs until there is room.
    // Traffic long enough that the worker boots during it even on a loaded machine (a run whose every
    // request was refused goes quiet and ends, with the backlog untouched), and a long drain after it.
    const second = runScenario(game(api.url, mockPort, { traffic: { phases: [{ duration: '10s', rate: 6 }], drain: '40s' } }), { mode: 'live' });
    await start('bullmq-worker', env);
    const r = await second;
    expectReconciled(r);
    const after = await api.truth();
    const thisRun = onlyNew(after, before);
    expectMatchesTruth(r, thisRun, since(after, before));
    const backlogAnswered = Object.keys(before).filter((id) => after[id].gotBack > 0).length;
    expect(r.backend_ids?.foreign).toBe(backlogAnswered);
    expect(backlogAnswered).toBeGreaterThan(0);
    expect(r.totals.shed).toBe(expectedFromTruth(thisRun).shed);
    expect(r.totals.shed).toBeGreaterThan(0);
    expect(r.answers['503']).toBeUndefined(); // every 503 carried its (HTTP-date) Retry-After
    expect(r.discrepancies.some((d) => d.startsWith(`foreign backend answers: ${backlogAnswered}`))).toBe(true);
    // Every call the mock served in run 2 is either this run's or the backlog's.
    expect(r.backend_calls.ok).toBe(Object.values(since(after, before)).reduce((n, t) => n + t.gotBack, 0));
  });

  it('every call answered 529 (SDK retries included): the jobs fail into BullMQ, and gameday says so, not "silently dropped"', async () => {
    const mockPort = await freePort();
    const env = { ...fresh(), ANTHROPIC_BASE_URL: `http://127.0.0.1:${mockPort}`, WORKERS: 2, SDK_MAX_RETRIES: 1 };
    const api = await start('bullmq-api', env);
    const run = runScenario(game(api.url, mockPort, { faults: [{ at: '0s', kind: 'backend-outage', duration: '60s', status: 529 }] }), { mode: 'live' });
    await start('bullmq-worker', env);
    const r = await run;
    expectReconciled(r);
    const truth = expectMatchesTruth(r, await api.truth());
    expect(truth.everyCallFailed).toBe(30);
    expect(r.lost_breakdown).toMatchObject({ backend_refused_every_call: 30, never_reached_backend: 0 });
    expect(r.backend_calls.total).toBe(60); // each job: one call and one SDK retry
    expect(r.backend_calls.by_status).toEqual({ '529': 60 });
  });

  it('SDK retries against 529s with a request cap: HTTP calls served never exceed it', async () => {
    const mockPort = await freePort();
    const env = { ...fresh(), ANTHROPIC_BASE_URL: `http://127.0.0.1:${mockPort}`, WORKERS: 2, SDK_MAX_RETRIES: 3 };
    const api = await start('bullmq-api', env);
    const s = game(api.url, mockPort, { faults: [{ at: '0s', kind: 'backend-outage', duration: '60s', status: 529 }] });
    s.backend.maxRequests = 10;
    const run = runScenario(s, { mode: 'live' });
    await start('bullmq-worker', env);
    const r = await run;
    expectReconciled(r);
    const truth = expectMatchesTruth(r, await api.truth());
    expect(r.backend_calls.total).toBe(10); // 30 jobs wanted up to 4 attempts each
    expect(r.backend_calls.by_status).toEqual({ '529': 10 });
    // Past the cap the SDK is told not to retry: one refused attempt per job still trying.
    expect(r.backend_calls.capped).toBe(truth.messagesSent - 10);
    expect(r.lost_breakdown).toMatchObject({ backend_refused_every_call: 30, never_reached_backend: 0 });
  });
});

/** What happened to every id between two snapshots: the backend calls of a run, whoever's jobs they were. */
function since(after: TruthTable, before: TruthTable): TruthTable {
  return Object.fromEntries(
    Object.entries(after).map(([id, t]) => [
      id,
      {
        ...t,
        messagesSent: t.messagesSent - (before[id]?.messagesSent ?? 0),
        callsCarrying: t.callsCarrying - (before[id]?.callsCarrying ?? 0),
        countTokensSent: t.countTokensSent - (before[id]?.countTokensSent ?? 0),
        gotBack: t.gotBack - (before[id]?.gotBack ?? 0),
      },
    ]),
  );
}

function onlyNew(after: TruthTable, before: TruthTable): TruthTable {
  return Object.fromEntries(Object.entries(after).filter(([id]) => !(id in before)));
}
