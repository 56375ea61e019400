import { describe, expect, it } from 'vitest';
import { runScenario, strategyNames, type RunResult } from '../../src/index.js';
import { overload } from '../helpers/scenario.js';

/**
 * The same scenario in both modes: sim runs the same strategy, worker and mock code on a virtual
 * clock, so outcome fractions must agree with the real HTTP path. Live adds real network and SDK
 * overhead (~1-3 ms a call) and timer jitter, so fractions may differ a little. The backend is
 * slow (p50 600 ms, 8 workers) so that overhead, which a busy machine stretches, stays a small part
 * of each call: at p50 100 ms a loaded CI runner once completed 5.5 points fewer live than in sim.
 */
const slowOverload = (strategy: string) => overload(strategy, { workers: 8 }, { p50: '600ms', p99: '1500ms' });
const TOLERANCE = 0.05; // absolute difference in each outcome's share of scheduled requests

const OUTCOMES = ['completed', 'shed', 'rejected', 'failed', 'lost'] as const;
const share = (r: RunResult, k: (typeof OUTCOMES)[number]) => r.totals[k] / r.totals.scheduled;

describe('live and sim agree', () => {
  // Every registered strategy: the simulation engine runs each one's own code, so each must agree.
  for (const strategy of strategyNames()) {
    it(`${strategy}: outcome fractions within ${TOLERANCE}`, async () => {
      // One after the other: a sim run in the same event loop would starve the live run's timers.
      const live = await runScenario(slowOverload(strategy), { mode: 'live' });
      const sim = await runScenario(slowOverload(strategy), { mode: 'sim' });
      expect(sim.totals.scheduled).toBe(live.totals.scheduled); // same seeded plan
      for (const k of OUTCOMES) {
        expect(Math.abs(share(live, k) - share(sim, k)), `${k}: live ${share(live, k)} vs sim ${share(sim, k)}`).toBeLessThanOrEqual(TOLERANCE);
      }
      expect(sim.mode).toBe('sim');
      expect(live.mode).toBe('live');
    });
  }
});
