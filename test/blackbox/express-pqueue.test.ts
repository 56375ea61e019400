import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, probeCapacity, runScenario } from '../../src/index.js';
import { findings } from '../../src/report/text/findings.js';
import { lostWhy } from '../../src/report/text/truth-words.js';
import { expectReconciled } from '../helpers/invariant.js';
import { scenario } from '../helpers/scenario.js';
import { expectMatchesTruth, freePort, startService, type RunningService } from './harness.js';

/**
 * express + p-queue services, driven black-box: gameday sees only HTTP answers and the calls
 * at its mock; each service keeps its own truth per id. Every count must equal that truth.
 */
describe('express + p-queue, counted from outside', () => {
  let svc: RunningService | undefined;
  afterEach(async () => {
    await svc?.stop();
    svc = undefined;
  });

  async function start(env: Record<string, string | number>, traffic = { rate: 40, seconds: 2 }, path = '') {
    const mockPort = await freePort();
    svc = await startService('express-pqueue', { ANTHROPIC_BASE_URL: `http://127.0.0.1:${mockPort}`, ...env });
    return runScenario(
      scenario({
        name: 'express-pqueue',
        // A drain long enough for a loaded machine: the service's truth is read after the run, so
        // work it finished after the drain would differ. (A run with drops waits it out whole.)
        traffic: { phases: [{ duration: `${traffic.seconds}s`, rate: traffic.rate }], drain: '15s' },
        client: { timeout: '10s', retry: { policy: 'none' } },
        service: { url: svc.url + path, quietPeriod: '500ms' },
        backend: { port: mockPort, latency: { p50: '20ms', p99: '60ms' } },
      }),
      { mode: 'live' },
    );
  }

  async function game(env: Record<string, string | number>, traffic = { rate: 40, seconds: 2 }) {
    const r = await start(env, traffic);
    expectReconciled(r);
    return { r, truth: expectMatchesTruth(r, await svc!.truth()) };
  }

  it('a typo in service.url’s path: express answers 404, and the run stops at once with the fix (bad input: exit 2 from the CLI), never a pass', async () => {
    const run = start({ WORKERS: 2 }, { rate: 40, seconds: 20 }, 'z');
    const err = await run.then(
      () => undefined,
      (e: unknown) => e as ConfigError,
    );
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.message).toMatch(
      /service\.url http:\/\/127\.0\.0\.1:\d+\/jobsz answered 404 to all of the first \d+ requests: check service\.url's path; nothing was measured$/,
    );
    // Not one request reached a handler of the service.
    expect(Object.keys(await svc!.truth())).toEqual([]);
  });

  it('a service with no API key: its SDK refuses every call before sending; the run says the service made no backend call at all', async () => {
    const r = await start({ WORKERS: 2, NO_KEY: 1 }, { rate: 15, seconds: 2 });
    expectReconciled(r);
    expect(r.backend_calls.total).toBe(0);
    expect(lostWhy(r)).toMatch(/^30 accepted \(2xx\), and the service made no backend call at all: check that it calls the mock .*that it has an API key/);
    expect(lostWhy(r)).not.toContain('silently dropped');
    expect(findings(r)[0]).toMatch(/^Your service made no backend call at all/);
  });

  it('the plain path: 202 then drop when full; lost = what the service itself dropped', async () => {
    const { r, truth } = await game({ CAPACITY: 5, WORKERS: 1 });
    expect(truth.dropped).toBeGreaterThan(0);
    expect(r.totals.lost).toBe(truth.dropped);
    expect(r.lost_breakdown.never_reached_backend).toBe(truth.dropped);
  });

  it('count_tokens before the call: never a completion, counted on its own line', async () => {
    const { r } = await game({ MODE: 'count-first', WORKERS: 4 });
    expect(r.backend_calls.count_tokens).toBe(80);
    expect(r.totals.completed).toBe(80);
  });

  it('count_tokens then drop: every job is lost, none completed', async () => {
    const { r } = await game({ MODE: 'count-then-drop', WORKERS: 4 }, { rate: 15, seconds: 2 });
    expect(r.totals).toMatchObject({ completed: 0, lost: 30 });
    expect(r.backend_calls).toMatchObject({ total: 0, count_tokens: 30 });
  });

  it('the id in system: credited', async () => {
    const { r } = await game({ MODE: 'system', WORKERS: 4 }, { rate: 15, seconds: 2 });
    expect(r.totals.completed).toBe(30);
  });

  it('a history prompt: the last user turn decides, the earlier job is not credited again', async () => {
    const { r } = await game({ MODE: 'history', WORKERS: 1 }, { rate: 15, seconds: 2 });
    expect(r.totals).toMatchObject({ completed: 30, duplicates: 0 });
  });

  it('a batch of 5 jobs in one prompt: each of the 5 is credited', async () => {
    const { r } = await game({ MODE: 'batch', WORKERS: 2 }, { rate: 25, seconds: 2 });
    expect(r.totals.completed).toBe(50);
    expect(r.backend_calls.total).toBe(10);
    expect(r.backend_ids?.batch_sizes).toEqual({ '5': 10 });
  });

  it('two dependent calls per job: the run waits for the second call, nothing is cut, and a chain is no duplicate', async () => {
    const { r } = await game({ MODE: 'two-calls', WORKERS: 2 }, { rate: 15, seconds: 2 });
    expect(r.totals).toMatchObject({ completed: 30, lost: 0, duplicates: 0 });
    expect(r.backend_calls.total).toBe(60);
    expect(r.backend_ids?.steps_per_job).toEqual({ '2': 30 });
  });

  it('a stream the service stops reading is aborted by its caller, never a completion', async () => {
    // Long streams (about a second each): the service cuts odd-numbered jobs after the first chunk,
    // long before the mock could have written the whole answer, even on a loaded machine.
    const mockPort = await freePort();
    svc = await startService('express-pqueue', { ANTHROPIC_BASE_URL: `http://127.0.0.1:${mockPort}`, MODE: 'stream-cut', WORKERS: 4 });
    const r = await runScenario(
      scenario({
        name: 'express-stream-cut',
        traffic: { phases: [{ duration: '2s', rate: 10 }], drain: '30s' },
        client: { timeout: '30s', retry: { policy: 'none' } },
        service: { url: svc.url, quietPeriod: '500ms' },
        backend: { port: mockPort, outputTokens: { p50: 200, p99: 200 }, stream: { ttft: { p50: '20ms', p99: '40ms' }, perToken: '5ms' } },
      }),
      { mode: 'live' },
    );
    expectReconciled(r);
    const truth = expectMatchesTruth(r, await svc.truth());
    expect(truth.callerAborted).toBe(10);
    expect(r.totals).toMatchObject({ completed: 10, lost: 10 });
    expect(r.backend_calls.by_status).toMatchObject({ '200': 10, aborted_by_caller: 10 });
    expect(lostWhy(r)).toContain('10 accepted (2xx), its backend call closed by the caller before the answer was whole (aborted_by_caller)');
  });

  it('overflow offloaded to Message Batches: each batched job is credited when its results are read, none called dropped', async () => {
    const mockPort = await freePort();
    svc = await startService('express-pqueue', { ANTHROPIC_BASE_URL: `http://127.0.0.1:${mockPort}`, CAPACITY: 3, WORKERS: 1, OVERFLOW: 'batch' });
    const r = await runScenario(
      scenario({
        name: 'express-batches',
        traffic: { phases: [{ duration: '2s', rate: 30 }], drain: '10s' },
        client: { timeout: '10s', retry: { policy: 'none' } },
        service: { url: svc.url, quietPeriod: '800ms' },
        backend: { port: mockPort, latency: { p50: '40ms', p99: '80ms' }, batches: { processing: { p50: '300ms', p99: '600ms' } } },
      }),
      { mode: 'live' },
    );
    expectReconciled(r);
    const table = await svc.truth();
    const truth = expectMatchesTruth(r, table);
    const batched = r.backend_calls.batches!;
    expect(batched.requests).toBeGreaterThan(10);
    expect(batched.succeeded).toBe(batched.requests);
    expect(r.totals).toMatchObject({ completed: 60, lost: 0 });
    expect(truth.neverReachedBackend).toBe(0);
    expect(r.tokens.estimated_cost_usd).toBeGreaterThan(0);
  });

  it('a service that rewrites the prompt: every answer without an id is counted and reported with a hint', async () => {
    const mockPort = await freePort();
    svc = await startService('express-pqueue', { ANTHROPIC_BASE_URL: `http://127.0.0.1:${mockPort}`, MODE: 'rewrite', WORKERS: 4 });
    const r = await runScenario(
      scenario({
        name: 'express-rewrite',
        traffic: { phases: [{ duration: '1s', rate: 20 }], drain: '3s' },
        client: { retry: { policy: 'none' } },
        service: { url: svc.url, quietPeriod: '500ms' },
        backend: { port: mockPort, latency: { p50: '20ms', p99: '60ms' } },
      }),
      { mode: 'live' },
    );
    expectReconciled(r);
    const gotBack = Object.values(await svc.truth()).reduce((n, t) => n + t.gotBack, 0);
    expect(gotBack).toBe(20);
    expect(r.totals.lost).toBe(20);
    expect(r.backend_ids?.without_id).toBe(20);
    expect(r.backend_calls.ok).toBe(20);
    expect(r.discrepancies).toContain(
      'backend answers without a request id: 20 (the service\'s calls reached the backend but carried no request id: forward the id you were sent, see README "Where the mock finds the id")',
    );
  });

  it('calls still in progress at the drain deadline are counted and reported, not hidden by the close', async () => {
    const mockPort = await freePort();
    svc = await startService('express-pqueue', { ANTHROPIC_BASE_URL: `http://127.0.0.1:${mockPort}`, WORKERS: 4 });
    const r = await runScenario(
      scenario({
        name: 'express-slow-backend',
        // Long enough for a loaded machine to make the four calls; far shorter than their 30 s.
        traffic: { phases: [{ burst: 4 }], drain: '5s' },
        client: { retry: { policy: 'none' } },
        service: { url: svc.url },
        backend: { port: mockPort, latency: { p50: '30s', p99: '30s' } },
      }),
      { mode: 'live' },
    );
    expectReconciled(r);
    expect(r.backend_calls.in_flight_at_end).toBe(4);
    expect(r.lost_breakdown).toMatchObject({ accepted_never_finished: 4, backend_call_unfinished: 4, never_reached_backend: 0 });
    expect(r.discrepancies).toContain("backend calls still in progress when the run ended: 4 (cut by the mock's close)");
  });

  it('probe measures what your own service completes per second (closed loop), at the mock', async () => {
    const mockPort = await freePort();
    svc = await startService('express-pqueue', { ANTHROPIC_BASE_URL: `http://127.0.0.1:${mockPort}`, WORKERS: 2 });
    const s = scenario({
      name: 'express-probe',
      traffic: { phases: [{ duration: '1s', rate: 1 }] },
      service: { url: svc.url },
      backend: { port: mockPort, latency: { p50: '50ms', p99: '60ms' } },
    });
    const p = await probeCapacity(s, { durationS: 2, connections: 4 });
    expect(p.strategy).toBe('external');
    expect(p.expected_rps).toBeNull();
    expect(p.non_2xx).toBe(0);
    // Completions at the mock, as the service itself saw them come back (some may still be in flight at the probe's end).
    const gotBack = Object.values(await svc.truth()).reduce((n, t) => n + t.gotBack, 0);
    expect(p.backend_ok).toBeGreaterThan(0);
    expect(Math.abs(p.backend_ok! - gotBack)).toBeLessThanOrEqual(4); // at most one call per connection's job in flight
    expect(p.throughput_rps).toBe(Math.round((p.backend_ok! / p.duration_s) * 100) / 100);
  });
});
