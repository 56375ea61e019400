import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { ConfigError, runScenario, type CrashReport, type RunResult } from '../../src/index.js';
import { cli, scenarioFile, tempDir } from '../helpers/cli.js';
import { ServiceChild } from '../../src/engine/child/service-child.js';
import { expectReconciled } from '../helpers/invariant.js';
import { scenario } from '../helpers/scenario.js';

// Live mode with the service in its own process: the crash is a real SIGKILL of that process,
// the ledger lives in the runner. Counts vary run to run, so the assertions are the ones that
// must hold every time; the sim block at the end has the exact ones.

const CRASH_AT_MS = 650;
const RESTART_AFTER_MS = 1000;

/**
 * A short spike, and a kill while its backlog drains: 2 workers serve ~45 req/s, the spike
 * offers 150/s for 0.3 s, so the queue holds about twenty jobs when the service is killed at
 * 0.65 s. The client retries connection errors with backoff (within its retry budget of one
 * retry per request), so the requests cut off by the kill or arriving while the service is down
 * get in after the restart (1.65 s); a lease of 400 ms brings the jobs that were in flight back
 * at once. 1.1 s of traffic, about 4 s a run under vitest: a second of it the service process
 * loading through tsx, a second the restart.
 */
function spikeWithCrash(strategy: unknown, faults: unknown[] = [{ at: `${CRASH_AT_MS}ms`, kind: 'crash-service', restartAfter: `${RESTART_AFTER_MS}ms` }]) {
  return scenario({
    name: 'crash-in-a-spike',
    seed: 11,
    traffic: {
      phases: [
        { duration: '200ms', rate: 20 },
        { duration: '300ms', rate: 150 },
        { duration: '600ms', rate: 5 },
      ],
      drain: '15s',
    },
    client: { timeout: '10s', retry: { policy: 'honor-retry-after', maxAttempts: 25, baseDelay: '200ms', maxDelay: '1s' } },
    service: { strategy, capacity: 200, workers: 2 },
    backend: { latency: { p50: '40ms', p99: '100ms' } },
    faults,
  });
}

// A short lease brings a killed process's jobs back at once; on a loaded machine a live call can
// outlive it too, so the stall limit (a poison job's, not this test's subject) is set out of the way.
const persistent = (extra: Record<string, unknown> = {}) => ({ type: 'persistent', lease: '400ms', poll: '50ms', maxStalled: 100, ...extra });
const serviceCrash = (r: RunResult): CrashReport => r.crashes.find((c) => c.kind === 'crash-service')!;

/** What a run left in its queue file, by state, and how many jobs were claimed more than once. */
function queueFile(dir: string): { states: Record<string, number>; redelivered: number } {
  const db = new Database(join(dir, 'queue.db'), { readonly: true });
  try {
    const rows = db.prepare('SELECT state, count(*) AS n FROM jobs GROUP BY state').all() as { state: string; n: number }[];
    const redelivered = (db.prepare('SELECT count(*) AS n FROM jobs WHERE attempts > 1').get() as { n: number }).n;
    return { states: Object.fromEntries(rows.map((r) => [r.state, r.n])), redelivered };
  } finally {
    db.close();
  }
}

/**
 * The guarantees of a durable queue across a kill: every request it accepted ends, each completion
 * is counted once. What it cannot promise is how fast the machine restarts the process: a caller
 * whose retries ran out while it was down was refused a connection, and that is the only loss
 * allowed, each one a connection error its clients got while the service was down.
 */
function expectNothingLost(r: RunResult, run = ''): void {
  expectReconciled(r);
  const b = r.lost_breakdown;
  // On failure, say enough to diagnose it from a CI log: why the lost are lost, and the crash as reported.
  const why = `${run} ${JSON.stringify({ lost_breakdown: b, crashes: r.crashes, drain_ms: r.queue.drain_ms })}`;
  expect(b.accepted_never_finished, why).toBe(0);
  expect(r.totals.lost, why).toBe(b.connection_error);
  const whileDown = r.crashes.reduce((n, c) => n + (c.connection_errors ?? 0), 0);
  expect(b.connection_error, why).toBeLessThanOrEqual(whileDown);
  expect(r.totals.completed + r.totals.shed + r.totals.failed + r.totals.lost).toBe(r.totals.scheduled);
  expect(Object.values(r.failures).reduce((a, b) => a + b, 0)).toBe(r.totals.failed);
  // Every backend success beyond the first per request is a duplicate, never a second completion.
  expect(r.backend_calls.ok).toBe(r.totals.completed + r.totals.duplicates);
}

/** What a durable queue must show after a kill: the crash report and the queue file agree with the ledger. */
function expectRecovered(r: RunResult, dir: string, run: string): void {
  const crash = serviceCrash(r);
  expect(crash.queued_at_kill + crash.in_flight_at_kill, run).toBeGreaterThan(0);
  // The killed process's counters are its last report before the kill, and the row says how old.
  expect(crash.counters_age_ms, run).toBeGreaterThanOrEqual(0);
  // Nothing moves in the file while no process holds it: what was queued is still there.
  expect(crash.recovered_after_restart, run).toBeGreaterThanOrEqual(crash.queued_at_kill);
  expect(crash.restart_ms, run).toBeGreaterThanOrEqual(RESTART_AFTER_MS);
  expect(crash.time_to_recover_ms, run).not.toBeNull();
  const held = crash.unfinished_at_kill!;
  expect(held.requests, run).toBeGreaterThan(0);
  expect(held.lost, run).toBe(0);
  expect(held.completed + held.failed, run).toBe(held.requests);
  // The queue file agrees: every job done, none left behind, the ones in flight at the kill claimed twice.
  const file = queueFile(dir);
  expect(file.states, run).toEqual({ done: r.totals.completed });
  if (crash.in_flight_at_kill > 0) expect(file.redelivered, run).toBeGreaterThan(0);
}

describe('a real SIGKILL in the middle of a spike (live, child process)', () => {
  // About 2 minutes: each run is ~6 s under vitest, a second of it loading the service process through tsx.
  it('persistent: loses nothing it accepted, 20 runs in a row; the restarted process resumes the queue and reclaims expired leases', async () => {
    const started = performance.now();
    const figures: string[] = [];
    for (let n = 1; n <= 20; n++) {
      const dir = tempDir();
      const r = await runScenario(spikeWithCrash(persistent()), { mode: 'live', workDir: dir });
      expectNothingLost(r, `run ${n}`);
      expectRecovered(r, dir, `run ${n}`);
      const c = serviceCrash(r);
      figures.push(`${r.totals.lost}/${r.totals.duplicates}/${c.queued_at_kill}+${c.in_flight_at_kill}/${c.time_to_recover_ms}`);
    }
    console.log(
      `20 crash runs in ${Math.round((performance.now() - started) / 1000)} s; lost/duplicates/queued+in-flight at kill/time to recover (ms): ${figures.join(' ')}`,
    );
  }, 600_000); // a guard against a hang: 20 runs take 2 min on a quiet machine, 4 under two busy cores

  it('persistent: a second crash 0.5 s later, while the service is down, kills nothing and starts no second process', async () => {
    const dir = tempDir();
    const faults = [
      { at: `${CRASH_AT_MS}ms`, kind: 'crash-service', restartAfter: `${RESTART_AFTER_MS}ms` },
      { at: `${CRASH_AT_MS + 500}ms`, kind: 'crash-service', restartAfter: `${RESTART_AFTER_MS}ms` },
    ];
    const spawn = vi.spyOn(ServiceChild, 'spawn');
    try {
      const r = await runScenario(spikeWithCrash(persistent(), faults), { mode: 'live', workDir: dir });
      expectNothingLost(r);
      // The first process, and exactly one replacement: no restart raced another for the port or the queue file.
      expect(spawn).toHaveBeenCalledTimes(2);
      const [first, second] = r.crashes.filter((c) => c.kind === 'crash-service');
      expect(first.service_was_down).toBeUndefined();
      expect(first.restart_ms).toBeGreaterThanOrEqual(RESTART_AFTER_MS);
      expect(second).toMatchObject({ service_was_down: true, queued_at_kill: 0, in_flight_at_kill: 0, restart_ms: null });
      expect(queueFile(dir).states).toEqual({ done: r.totals.completed });
    } finally {
      spawn.mockRestore();
    }
  });

  it('reject-503: loses what it held at the kill; the rest of its losses are connection errors while it was down', async () => {
    const r = await runScenario(spikeWithCrash('reject-503'), { mode: 'live' });
    expectReconciled(r);
    const crash = serviceCrash(r);
    const held = crash.unfinished_at_kill!;
    const b = r.lost_breakdown;
    expect(r.totals.lost).toBeGreaterThan(0);
    expect(crash.recovered_after_restart).toBe(0);
    expect(r.totals.lost).toBe(b.accepted_never_finished + b.connection_error);
    expect(b.timeout + b.not_sent).toBe(0);
    // What the killed process held ended lost, except calls already at the backend, which it may
    // still have answered: only in-flight jobs can do that.
    expect(held.requests).toBe(held.completed + held.failed + held.lost);
    expect(held.failed).toBe(0);
    expect(held.completed).toBeLessThanOrEqual(crash.in_flight_at_kill);
    // Exact: every request lost after its 202 is one the kill took; every other loss is a
    // connection error, and those happened while the service was down.
    expect(b.accepted_never_finished).toBe(held.lost);
    expect(r.totals.lost).toBe(held.lost + b.connection_error);
    expect(b.connection_error).toBeLessThanOrEqual(crash.connection_errors!);
    // The service's own last report before the kill (at most one report interval old) and the
    // ledger agree on what it held, to within what can change in that interval.
    expect(held.lost).toBeGreaterThanOrEqual(crash.queued_at_kill - 2);
    expect(Math.abs(held.requests - (crash.queued_at_kill + crash.in_flight_at_kill))).toBeLessThanOrEqual(5);
  });

  it('persistent: a worker killed mid-job gets its job back through the lease', async () => {
    const dir = tempDir();
    const s = spikeWithCrash(persistent(), [{ at: '500ms', kind: 'crash-worker', count: 2 }]);
    s.service.process = 'child';
    const r = await runScenario(s, { mode: 'live', workDir: dir });
    expectNothingLost(r);
    const crash = r.crashes.find((c) => c.kind === 'crash-worker')!;
    expect(crash.in_flight_at_kill).toBe(2);
    expect(queueFile(dir).redelivered).toBeGreaterThanOrEqual(2);
  });
});

describe('a queue file that cannot be used fails at start, with one line and nothing written', () => {
  const persistentAt = (path: string) =>
    scenarioFile(
      [
        'name: bad-queue',
        'traffic: { phases: [{ duration: 1s, rate: 5 }], drain: 1s }',
        `service: { strategy: { type: persistent, path: ${JSON.stringify(path)} } }`,
        'faults: [{ at: 500ms, kind: crash-service }]',
      ].join('\n'),
    );

  it.each(['sim', 'live'])('a corrupt file (%s mode): exit 2 naming the file', async (mode) => {
    const dir = tempDir();
    const queue = join(dir, 'queue.db');
    writeFileSync(queue, 'this is not a queue\n'.repeat(500));
    const out = join(dir, 'out');
    const r = await cli('run', persistentAt(queue), '--mode', mode, '--out', out, '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`gameday: queue file ${queue} is not a SQLite database (file is not a database)\n`);
    expect(existsSync(out)).toBe(false);
  });

  it.skipIf(process.getuid?.() === 0)('an unwritable folder: exit 2 naming the file and the folder', async () => {
    const dir = tempDir();
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    const queue = join(locked, 'queue.db');
    const out = join(dir, 'out');
    try {
      const r = await cli('run', persistentAt(queue), '--mode', 'live', '--out', out);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`gameday: queue file ${queue} cannot be opened: directory ${locked} is not writable\n`);
      expect(r.stdout).toBe('');
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(locked)).toEqual([]);
    } finally {
      chmodSync(locked, 0o755);
    }
  });

  it.skipIf(process.platform !== 'linux')('a place no one can create files in (/proc, even as root): exit 2 naming the file', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const r = await cli('run', persistentAt('/proc/gameday-queue.db'), '--mode', 'live', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('gameday: queue file /proc/gameday-queue.db cannot be opened (unable to open database file)\n');
    expect(existsSync(out)).toBe(false);
  });

  it('a queue file left with jobs by an earlier run: exit 2, the file untouched', async () => {
    const dir = tempDir();
    const queue = join(dir, 'old.db');
    const first = await cli('run', persistentAt(queue), '--mode', 'sim', '--out', join(dir, 'first'), '--quiet');
    expect(first.code).toBe(0);
    const r = await cli('run', persistentAt(queue), '--mode', 'sim', '--out', join(dir, 'second'), '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^gameday: queue file ${queue} already holds \\d+ job\\(s\\) from an earlier run; .*\n$`));
    expect(existsSync(join(dir, 'second'))).toBe(false);
  });

  it('a crash-service fault with service.process in-process is refused before anything starts', async () => {
    const s = spikeWithCrash('reject-503');
    s.service.process = 'in-process';
    await expect(runScenario(s, { mode: 'live' })).rejects.toThrow(ConfigError);
    await expect(runScenario(s, { mode: 'live' })).rejects.toThrow(/needs a real kill.*process to child/);
  });
});

describe('crashes in virtual time (sim, exact)', () => {
  it('persistent: a job that runs out of attempts is dead-lettered and counted failed with its reason, not lost', async () => {
    const s = spikeWithCrash(persistent({ maxAttempts: 2, retryBackoff: '100ms' }), [
      { at: `${CRASH_AT_MS}ms`, kind: 'crash-service', restartAfter: `${RESTART_AFTER_MS}ms` },
    ]);
    s.backend.errorRate = 1;
    s.service.retries = 0;
    const r = await runScenario(s, { mode: 'sim' });
    expectReconciled(r);
    expect(r.totals.lost).toBe(0);
    expect(r.totals.completed).toBe(0);
    expect(r.totals.failed).toBe(r.totals.scheduled);
    expect(r.failures).toEqual({ 'dead-letter: backend 500': r.totals.scheduled });
    // Two attempts each, except jobs the kill caught mid-call: their claim counts as an attempt.
    expect(r.backend_calls.total).toBeLessThanOrEqual(2 * r.totals.scheduled);
    expect(r.backend_calls.total).toBeGreaterThanOrEqual(2 * r.totals.scheduled - serviceCrash(r).in_flight_at_kill);
  });

  it('crash-worker: an in-memory strategy loses the abandoned job; persistent gets it back through the lease', async () => {
    const worker = [{ at: '500ms', kind: 'crash-worker', count: 1 }];
    const memory = await runScenario(spikeWithCrash('reject-503', worker), { mode: 'sim' });
    expect(memory.crashes[0].in_flight_at_kill).toBe(1);
    expect(memory.totals.lost).toBe(1);
    expect(memory.lost_breakdown.accepted_never_finished).toBe(1);
    const durable = await runScenario(spikeWithCrash(persistent(), worker), { mode: 'sim' });
    expect(durable.crashes[0].in_flight_at_kill).toBe(1);
    expect(durable.totals.lost).toBe(0);
    expect(durable.totals.completed).toBe(durable.totals.scheduled);
  });

  it('crash-service: persistent on sqlite loses nothing; on a memory store it loses what the kill took, as reject-503 does', async () => {
    const sqlite = await runScenario(spikeWithCrash(persistent()), { mode: 'sim' });
    const crash = serviceCrash(sqlite);
    expect(sqlite.totals.lost).toBe(0);
    expect(crash.recovered_after_restart).toBe(crash.queued_at_kill + crash.in_flight_at_kill);
    expect(crash.unfinished_at_kill).toEqual({
      requests: crash.queued_at_kill + crash.in_flight_at_kill,
      completed: crash.queued_at_kill + crash.in_flight_at_kill,
      failed: 0,
      lost: 0,
      completed_by_ms: expect.any(Number),
    });
    // The last of what the kill caught completed after the kill, and within the run.
    expect(crash.unfinished_at_kill!.completed_by_ms).toBeGreaterThan(0);
    expect(crash.unfinished_at_kill!.completed_by_ms).toBeLessThanOrEqual(sqlite.duration_ms.run - crash.at_ms);

    const memory = await runScenario(spikeWithCrash(persistent({ store: 'memory' })), { mode: 'sim' });
    const lostCrash = serviceCrash(memory);
    expect(lostCrash.recovered_after_restart).toBe(0);
    expect(memory.totals.lost).toBe(lostCrash.queued_at_kill + lostCrash.in_flight_at_kill);

    const inMemory = await runScenario(spikeWithCrash('reject-503'), { mode: 'sim' });
    const c = serviceCrash(inMemory);
    expect(inMemory.totals.lost).toBe(c.queued_at_kill + c.in_flight_at_kill);
    expect(c.unfinished_at_kill!.lost).toBe(inMemory.totals.lost);
  });
});
