import { describe, expect, it } from 'vitest';
import { runScenario, strategyNames } from '../../src/index.js';
import { expectReconciled } from '../helpers/invariant.js';
import { underCapacity } from '../helpers/scenario.js';

describe.concurrent('under capacity, every strategy completes every request (live)', () => {
  for (const strategy of strategyNames()) {
    it(strategy, async () => {
      const r = await runScenario(underCapacity(strategy), { mode: 'live' });
      expectReconciled(r);
      expect(r.totals).toMatchObject({ scheduled: 12, completed: 12, shed: 0, rejected: 0, failed: 0, lost: 0, duplicates: 0, attempts: 12 });
      expect(r.discrepancies).toEqual([]);
    });
  }
});
