/**
 * backend-reset: the backend drops connections mid-answer for a window. Every dropped call must
 * show up once as a connection the caller lost (never as a completion), in virtual time exactly
 * and over real sockets to the mock's thread.
 */
import { describe, expect, it } from 'vitest';
import { runScenario, scaleScenario, type RunResult } from '../../src/index.js';
import { expectReconciled } from '../helpers/invariant.js';
import { scenario } from '../helpers/scenario.js';

const RESET_START = 1_000;
const RESET_END = 2_000;

/** 3 s at 10 req/s, well under capacity; the service does not retry, so each dropped call fails its job. */
const reset = (faults: unknown[], extra: Record<string, unknown> = {}, backend: Record<string, unknown> = {}) =>
  scenario({
    name: 'reset',
    seed: 5,
    traffic: { phases: [{ duration: '3s', rate: 10 }], drain: '10s' },
    service: { strategy: 'block', capacity: 50, workers: 4, retries: 0, ...extra },
    backend: { latency: { p50: '100ms', p99: '300ms' }, ...backend },
    faults,
  });

const WINDOW = [{ kind: 'backend-reset', at: '1s', duration: '1s' }];

function expectDropsCounted(r: RunResult): number {
  expectReconciled(r);
  const dropped = r.backend_calls.by_status.connection_dropped ?? 0;
  expect(dropped).toBeGreaterThan(0);
  // Each dropped call is one failed job (no retries) and never a completion.
  expect(r.totals.failed).toBe(dropped);
  expect(r.backend_calls.ok).toBe(r.totals.completed);
  expect(r.backend_calls.total).toBe(r.backend_calls.ok + dropped);
  expect(r.totals.completed + r.totals.failed).toBe(r.totals.scheduled);
  return dropped;
}

describe('backend-reset', () => {
  it('sim: calls answered inside the window lose their connection; nothing there completes', async () => {
    const r = await runScenario(reset(WINDOW), { mode: 'sim' });
    const dropped = expectDropsCounted(r);
    expect(r.failures).toEqual({ 'backend unreachable: connection dropped mid-answer': dropped });
    expect(r.timeline.slice(RESET_START / 1000, RESET_END / 1000).every((p) => p.completed === 0)).toBe(true);
    expect(r.recovery?.window).toEqual({ start_ms: RESET_START, end_ms: RESET_END, cause: 'faults' });
    // About one second's arrivals (10/s) plus those answered in it.
    expect(dropped).toBeGreaterThanOrEqual(9);
    expect(dropped).toBeLessThanOrEqual(13);
  });

  it('sim: without the fault nothing is dropped (same seed)', async () => {
    const r = await runScenario(reset([]), { mode: 'sim' });
    expect(r.backend_calls.by_status.connection_dropped).toBeUndefined();
    expect(r.totals.completed).toBe(r.totals.scheduled);
  });

  it('sim: a streamed answer is cut mid-stream, after its 200', async () => {
    const r = await runScenario(reset(WINDOW, {}, { stream: { ttft: { p50: '50ms', p99: '100ms' }, perToken: '5ms' } }), { mode: 'sim' });
    expectDropsCounted(r);
  });

  it('sim: SDK retries take a dropped call again, as they take a connection error', async () => {
    const r = await runScenario(reset(WINDOW, { sdkMaxRetries: 2 }), { mode: 'sim' });
    expectReconciled(r);
    const dropped = r.backend_calls.by_status.connection_dropped ?? 0;
    expect(dropped).toBeGreaterThan(r.totals.failed);
    expect(r.backend_calls.total).toBe(r.backend_calls.ok + dropped);
  });

  it('time-scaling moves the window with the traffic', () => {
    const s = reset(WINDOW);
    expect(s.faults).toEqual([{ kind: 'backend-reset', at: RESET_START, duration: RESET_END - RESET_START }]);
    expect(scaleScenario(s, 0.5).faults).toEqual([{ kind: 'backend-reset', at: RESET_START / 2, duration: (RESET_END - RESET_START) / 2 }]);
  });

  it('live: the mock thread resets the socket; the service hears a connection error per dropped call', async () => {
    const r = await runScenario(reset(WINDOW), { mode: 'live' });
    const dropped = expectDropsCounted(r);
    expect(Object.keys(r.failures).every((reason) => reason.startsWith('backend unreachable'))).toBe(true);
    expect(Object.values(r.failures).reduce((a, b) => a + b, 0)).toBe(dropped);
  }, 30_000);
});
