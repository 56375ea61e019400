/**
 * backend-rate-limit: the provider lowers the tier for a window. The mock must enforce the new
 * limit only while it lasts, in virtual time exactly and on its own thread over real sockets (the
 * fault travels there as plain data). The service does not retry, so every 429 fails its job:
 * the ledger's failures, the mock's 429s and the window must all tell the same story.
 */
import { describe, expect, it } from 'vitest';
import { runScenario, type RunResult } from '../../src/index.js';
import { expectReconciled } from '../helpers/invariant.js';
import { scenario } from '../helpers/scenario.js';

const WINDOW_START = 1_000;
const WINDOW_END = 3_000;

/** 4 s at 10 req/s, far under what 4 workers serve; 60 RPM (one call a second) from 1 s to 3 s. */
const tierDrop = () =>
  scenario({
    name: 'tier-drop',
    seed: 5,
    // Wide: this test is about the mock's limits, not the generator's timing on a busy machine.
    traffic: { phases: [{ duration: '4s', rate: 10 }], drain: '10s', tolerance: { late: '4s' } },
    service: { strategy: 'block', capacity: 50, workers: 4, retries: 0 },
    backend: { latency: { p50: '20ms', p99: '60ms' } },
    faults: [{ kind: 'backend-rate-limit', at: '1s', duration: '2s', rpm: 60 }],
  });

function expect429sOnlyInWindow(r: RunResult): number {
  expectReconciled(r);
  const refused = r.backend_calls.by_status['429'] ?? 0;
  expect(r.totals.failed).toBe(refused);
  expect(r.failures).toEqual({ 'backend 429': refused });
  expect(r.backend_calls.ok).toBe(r.totals.completed);
  expect(r.totals.completed + r.totals.failed).toBe(r.totals.scheduled);
  // Nothing is refused outside the window: no failures in the seconds before and after it.
  const failedPerSecond = r.timeline.map((p) => p.failed);
  expect(failedPerSecond.slice(0, WINDOW_START / 1000).every((n) => n === 0)).toBe(true);
  expect(failedPerSecond.slice(WINDOW_END / 1000 + 1).every((n) => n === 0)).toBe(true);
  expect(failedPerSecond.slice(WINDOW_START / 1000, WINDOW_END / 1000 + 1).reduce((a, b) => a + b, 0)).toBe(refused);
  return refused;
}

/** Completions recorded in the seconds [fromMs, toMs) of the run's timeline. */
const completedIn = (r: RunResult, fromMs: number, toMs: number) => r.timeline.slice(fromMs / 1000, toMs / 1000).reduce((n, p) => n + p.completed, 0);

describe('backend-rate-limit', () => {
  it('sim: 20 arrivals in the 2 s window, one call a second allowed (exact)', async () => {
    const r = await runScenario(tierDrop(), { mode: 'sim' });
    expect(expect429sOnlyInWindow(r)).toBe(18);
    expect(r.totals).toMatchObject({ scheduled: 40, completed: 22, failed: 18, lost: 0 });
    expect(completedIn(r, WINDOW_START, WINDOW_END)).toBe(2);
  });

  it('live: the mock on its own thread honours the lower tier in its window, and only there', async () => {
    const r = await runScenario(tierDrop(), { mode: 'live' });
    expect(r.validity.valid).toBe(true);
    const refused = expect429sOnlyInWindow(r);
    // Real timing: a send the busy machine delays can land in (or out of) the window, so the
    // number refused is not fixed. What the limit fixes, on the run's clock: in the window at
    // most the one call its bucket holds plus one a second complete, besides calls already in
    // progress when it opened (4 workers at most); without the fault about 20 would.
    expect(refused).toBeGreaterThanOrEqual(10);
    expect(completedIn(r, WINDOW_START, WINDOW_END)).toBeLessThanOrEqual(3 + 4);
  }, 30_000);
});
