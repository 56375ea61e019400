import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/index.js';
import { expectReconciled } from '../helpers/invariant.js';
import { scenario } from '../helpers/scenario.js';
import { connection, freePort, redisAnswers } from './harness.js';
import { expectAllGone } from './process-check.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/own-service/', import.meta.url));
/**
 * The example service of examples/own-service (an express API and a BullMQ worker on Redis, two
 * processes the run starts itself), with a crash-service that SIGKILLs the worker mid-spike.
 * Its lockDuration (1.5 s) and stalledInterval (0.5 s) are short, so the jobs the killed worker
 * held come back within 2.5 s of the restart; the drain (20 s) covers that with room to spare.
 */
describe('a managed service: API + BullMQ worker, the worker killed mid-spike', () => {
  const prefix = `gdtest-managed-${randomBytes(4).toString('hex')}`;
  const out = mkdtempSync(join(tmpdir(), 'gameday-managed-'));
  beforeAll(() => {
    if (!redisAnswers()) throw new Error('Redis is not answering at 127.0.0.1:6379: these tests need it (bash scripts/ensure-redis.sh starts one)');
  });
  afterAll(async () => {
    const q = new Queue('claude-jobs', { connection, prefix });
    await q.obliterate({ force: true });
    await (await q.client).del(...['accepted', 'shed', 'done', 'failed'].map((c) => `${prefix}:counters:${c}`));
    await q.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('kills and restarts the worker, loses no accepted request, reads depth and counters from /metrics, and leaves no process behind', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = { PORT: String(port), QUEUE_PREFIX: prefix, LOCK_DURATION: '1500', STALLED_INTERVAL: '500', CONCURRENCY: '6' };
    const s = scenario({
      name: 'managed-bullmq',
      seed: 5,
      traffic: {
        phases: [
          { duration: '1s', rate: 10 },
          { duration: '2s', rate: 30 },
          { duration: '1s', rate: 10 },
        ],
        drain: '20s',
        // Not a validity test: a busy shared CPU must not turn it invalid.
        tolerance: { late: '5s' },
      },
      client: { timeout: '25s', retry: { policy: 'honor-retry-after', maxAttempts: 5, baseDelay: '200ms', maxDelay: '1s' } },
      service: {
        url: `${base}/jobs`,
        quietPeriod: '1s',
        processes: [
          { name: 'api', command: ['node', 'api.mjs'], cwd: EXAMPLE, env, ready: `${base}/health` },
          { name: 'worker', command: 'node worker.mjs', cwd: EXAMPLE, env },
        ],
        startTimeout: '20s',
        stopGrace: '3s',
        metrics: {
          url: `${base}/metrics`,
          format: 'prometheus',
          map: { depth: 'queue_depth', accepted: 'jobs_accepted_total', shed: 'jobs_shed_total', processed: 'jobs_done_total', failed: 'jobs_failed_total' },
          interval: '200ms',
        },
      },
      backend: { latency: { p50: '300ms', p99: '800ms' } },
      faults: [{ at: '2s', kind: 'crash-service', target: 'worker', restartAfter: '1s' }],
    });

    const r = await runScenario(s, { mode: 'live', workDir: out });
    expectReconciled(r);

    // The kill: a real SIGKILL of the worker's group, and the restart.
    expect(r.crashes).toHaveLength(1);
    const k = r.crashes[0];
    expect(k.kind).toBe('crash-service');
    expect(k.process).toMatchObject({ process: 'worker', instances: [0] });
    expect(k.process!.pids).toHaveLength(1);
    expect(k.restart_ms).not.toBeNull();
    expect(k.restart_error).toBeUndefined();
    // Its metrics were read once more just before the kill: the counters it published are that fresh.
    expect(k.counters_age_ms).toBeGreaterThanOrEqual(0);
    // It caught jobs in the worker's hands (6 at a time, 300 ms each, at 30/s): every one completed later.
    expect(k.unfinished_at_kill!.requests).toBeGreaterThan(0);
    // Counted at the kill itself: what the API accepted while the worker was down was not caught by it.
    expect(k.unfinished_at_kill!.requests).toBeLessThanOrEqual(k.queued_at_kill);
    expect(k.unfinished_at_kill!.lost).toBe(0);
    expect(k.unfinished_at_kill!.completed_by_ms).not.toBeNull();

    // Nothing accepted was lost: BullMQ's stalled check put the killed worker's jobs back.
    expect(r.totals.lost).toBe(0);
    expect(r.totals.completed).toBe(r.totals.scheduled - r.totals.shed - r.totals.rejected - r.totals.failed);

    // Depth and counters came from the service, and its counters match the ledger.
    expect(r.queue.depth_visible).toBe(true);
    expect(r.queue.max_depth).toBeGreaterThan(0);
    expect(r.service_metrics!.polls).toBeGreaterThan(5);
    expect(r.service_reported!.accepted).toBe(r.answers['202']);
    // processed counts every finish, a stalled job's re-run included: at least what the backend confirmed per request.
    expect(r.service_reported!.processed).toBeGreaterThanOrEqual(r.totals.completed);
    expect(r.service_check).toEqual({ compared: true, differing: [] });

    // Every process started (three: api, worker, the restarted worker) and its group are gone.
    const m = r.managed_processes!;
    expect(m.pids).toHaveLength(3);
    expect(m.unexpected_exits).toEqual([]);
    await expectAllGone(m.pids);
    expect(readFileSync(join(out, 'processes', 'worker-0.log'), 'utf8')).toMatch(/restart after crash-service worker instance 0/);
  });
});
