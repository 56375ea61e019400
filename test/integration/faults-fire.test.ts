import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/index.js';
import { expectReconciled } from '../helpers/invariant.js';
import { scenario } from '../helpers/scenario.js';

// The queue is empty about a second in; every fault comes long after. A run that ended when its
// queue emptied would never fire them and would pass its crash gates without a crash.
const late = () =>
  scenario({
    name: 'late-faults',
    seed: 9,
    traffic: { phases: [{ duration: '1s', rate: 5 }], drain: '30s' },
    service: { strategy: 'persistent', capacity: 20, workers: 2 },
    backend: { latency: { p50: '20ms', p99: '60ms' } },
    faults: [
      { at: '10s', kind: 'crash-service', restartAfter: '2s' },
      { at: '15s', kind: 'backend-outage', duration: '3s' },
      { at: '20s', kind: 'crash-worker' },
    ],
  });

describe('a scheduled fault always fires before the run ends', () => {
  it('the run waits for faults after the queue empties, and result.json lists when each fired (sim, exact)', async () => {
    const r = await runScenario(late(), { mode: 'sim' });
    expectReconciled(r);
    expect(r.faults).toEqual([
      { kind: 'crash-service', at_ms: 10_000, fired_at_ms: 10_000 },
      { kind: 'backend-outage', at_ms: 15_000, fired_at_ms: 15_000 },
      { kind: 'crash-worker', at_ms: 20_000, fired_at_ms: 20_000 },
    ]);
    expect(r.crashes.map((c) => [c.kind, c.at_ms])).toEqual([
      ['crash-service', 10_000],
      ['crash-worker', 20_000],
    ]);
    expect(r.duration_ms.run).toBeGreaterThanOrEqual(20_000);
    expect(r.totals.completed).toBe(r.totals.scheduled);
  });
});
