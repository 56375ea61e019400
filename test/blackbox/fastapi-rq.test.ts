import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runScenario, type RunResult } from '../../src/index.js';
import { expectReconciled } from '../helpers/invariant.js';
import { scenario } from '../helpers/scenario.js';
import { freePort, redisAnswers } from './harness.js';
import { expectAllGone } from './process-check.js';
import type { TruthTable } from './services/kit.js';

const SERVICE = fileURLToPath(new URL('./services/fastapi-rq/', import.meta.url));
const PYTHON = '/usr/bin/python3';

/** Debian's python3 with FastAPI, uvicorn, RQ and redis-py (scripts/ensure-python-services.sh installs them; .ci/run does). */
function pythonReady(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import fastapi, uvicorn, rq, redis'], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

/** The service's own truth table, read from Redis by its own code; its keys are deleted after. */
function readTruth(redisUrl: string, namespace: string): TruthTable {
  const code = `import json, redis, truth\nr = redis.Redis.from_url(${JSON.stringify(redisUrl)})\nprint(json.dumps(truth.table(r, ${JSON.stringify(namespace)})))\nfor k in r.scan_iter(${JSON.stringify(`${namespace}*`)}): r.delete(k)\nfor k in r.scan_iter(${JSON.stringify(`rq:*${namespace}*`)}): r.delete(k)`;
  return JSON.parse(
    execFileSync(PYTHON, ['-c', code], { cwd: SERVICE, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } }),
  ) as TruthTable;
}

/**
 * A Python service gameday knows nothing of: FastAPI answers 202 and enqueues on Redis, RQ workers
 * (`rq worker`, each job in a forked work horse) call Claude over plain HTTP, and the service keeps
 * its own truth per job id in Redis. Both run as the scenario's own processes.
 */
describe('FastAPI + RQ (Python, Debian packages), counted from outside', () => {
  beforeAll(() => {
    if (!redisAnswers()) throw new Error('Redis is not answering at 127.0.0.1:6379 (bash scripts/ensure-redis.sh starts one)');
    if (!pythonReady()) throw new Error('Debian python3 lacks fastapi/uvicorn/rq/redis: run bash scripts/ensure-python-services.sh');
  });

  async function game(extra: { service?: Record<string, unknown>; faults?: unknown[]; capacity?: number; errorRate?: number; rate?: number; p50?: string }) {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const namespace = `gdtest-rq-${randomBytes(4).toString('hex')}`;
    const env = { REDIS_URL: 'redis://127.0.0.1:6379/0', NAMESPACE: namespace, CAPACITY: String(extra.capacity ?? 1_000_000), PYTHONDONTWRITEBYTECODE: '1' };
    const r = await runScenario(
      scenario({
        name: 'fastapi-rq',
        seed: 3,
        traffic: { phases: [{ duration: '3s', rate: extra.rate ?? 12 }], drain: '15s', tolerance: { late: '5s' } },
        client: { timeout: '10s', retry: { policy: 'none' } },
        service: {
          url: `${base}/jobs`,
          quietPeriod: '1s',
          processes: [
            {
              name: 'api',
              command: [PYTHON, '-m', 'uvicorn', 'app:app', '--host', '127.0.0.1', '--port', String(port)],
              cwd: SERVICE,
              env,
              ready: `${base}/health`,
            },
            { name: 'worker', command: [PYTHON, '-m', 'rq.cli', 'worker', '--url', env.REDIS_URL, '--path', SERVICE, namespace], cwd: SERVICE, env },
          ],
          startTimeout: '30s',
          stopGrace: '2s',
          ...extra.service,
        },
        backend: { latency: { p50: extra.p50 ?? '150ms', p99: '1s' }, errorRate: extra.errorRate ?? 0 },
        faults: extra.faults ?? [],
      }),
      { mode: 'live', workDir: mkdtempSync(join(tmpdir(), 'gameday-rq-')) },
    );
    expectReconciled(r);
    // The service's processes are gone with the run: its truth is read where it keeps it, in Redis.
    return { r, table: readTruth(env.REDIS_URL, namespace) };
  }

  /**
   * gameday's counts equal the service's truth: completed = answered back to its job, lost =
   * everything else accepted, each lost job in its category.
   *
   * A kill parts the two records by its own width, at most once (one work horse holds one call):
   * - `answeredAtKill`: an answer left the backend whole while the kill took its reader. Without a
   *   delivery signal, completed means answered at the backend: completed for gameday, never got
   *   back for the service.
   * - `unsentAtKill`: the service counted its call as sent (it counts before sending) and the kill
   *   came before the request reached the backend: never reached for gameday, cut for the service.
   */
  function expectTruth(r: RunResult, table: TruthTable, atKill = { answeredAtKill: 0, unsentAtKill: 0 }) {
    const { answeredAtKill, unsentAtKill } = atKill;
    const ids = Object.values(table);
    expect(ids).toHaveLength(r.totals.scheduled);
    const b = r.lost_breakdown;
    expect({ completed: r.totals.completed, lost: r.totals.lost + r.totals.failed, neverCalled: b.never_reached_backend, cut: b.backend_call_aborted }).toEqual(
      {
        completed: ids.filter((t) => t.gotBack > 0).length + answeredAtKill,
        lost: ids.filter((t) => t.gotBack === 0).length - answeredAtKill,
        // Dropped past capacity, or killed before its call went out: no call for it ever left the service.
        neverCalled: ids.filter((t) => t.messagesSent === 0).length + unsentAtKill,
        // Its call went out and never came back, and the service did not fail it: killed mid-call.
        cut: ids.filter((t) => t.messagesSent > 0 && t.gotBack === 0 && !t.failed).length - answeredAtKill - unsentAtKill,
      },
    );
    expect(r.backend_calls.total).toBe(ids.reduce((n, t) => n + t.messagesSent, 0) - unsentAtKill);
  }

  it("drops past its capacity; with RQ's own job status as the delivery signal, its failed jobs are failed, not lost", async () => {
    const delivery = { status: 'GET /jobs/{id}', done: "$.state == 'finished'", failed: "$.state == 'failed'", every: '100ms' };
    const { r, table } = await game({ capacity: 4, errorRate: 0.2, service: { delivery } });
    expectTruth(r, table);
    const ids = Object.values(table);
    expect(r.totals.failed).toBe(ids.filter((t) => t.failed).length);
    expect(r.totals.failed).toBeGreaterThan(0);
    expect(r.lost_breakdown.never_reached_backend).toBeGreaterThan(0);
    expect(r.delivery).toMatchObject({ signal: 'status' });
  }, 90_000);

  it('a worker SIGKILLed mid-job: the work horse in its own session dies with it, and every count still equals the truth', async () => {
    // Slow calls (p50 700 ms) and a steady backlog: at the kill the worker's horse is in the middle of one.
    const { r, table } = await game({ rate: 4, p50: '700ms', faults: [{ at: '1500ms', kind: 'crash-service', target: 'worker', restartAfter: '1s' }] });
    // One horse holds one call: at the kill, at most one answer whole at the backend and unread, or
    // one call counted as sent by the service that had not reached the backend; never both.
    const ids = Object.values(table);
    const answeredAtKill = r.totals.completed - ids.filter((t) => t.gotBack > 0).length;
    const unsentAtKill = ids.reduce((n, t) => n + t.messagesSent, 0) - r.backend_calls.total;
    expect([0, 1]).toContain(answeredAtKill);
    expect([0, 1]).toContain(unsentAtKill);
    expect(answeredAtKill + unsentAtKill).toBeLessThanOrEqual(1);
    expectTruth(r, table, { answeredAtKill, unsentAtKill });
    const k = r.crashes[0];
    expect(k.process).toMatchObject({ process: 'worker' });
    // RQ forks each job into a work horse that calls setsid(): out of the worker's group, killed
    // with it. (On a loaded machine the horse may not be forked yet at the kill: then none.)
    expect(k.process!.outside_group?.length ?? 0).toBeLessThanOrEqual(1);
    // The kill usually cuts the job in the horse (mid-call, or before its call went out), lost for
    // the service (RQ does not run it again); none when it lands in the few ms between two jobs.
    // How many it caught is the truth's, not a constant: every job the service never answered
    // back, each in the category expectTruth already matched.
    const cutByKill = Object.values(table).filter((t) => t.gotBack === 0 && !t.failed).length;
    expect((r.lost_breakdown.backend_call_aborted ?? 0) + (r.lost_breakdown.never_reached_backend ?? 0) + answeredAtKill).toBe(cutByKill);
    await expectAllGone([...r.managed_processes!.pids, ...(k.process!.outside_group ?? [])]);
  }, 90_000);
});
