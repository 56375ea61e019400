/** The per-request section of result.json (`--requests`): every request once, agreeing with the totals counted apart. */
import { describe, expect, it } from 'vitest';
import { PRIORITIES, runScenario } from '../../src/index.js';
import { overload } from '../helpers/scenario.js';

describe('requests section', () => {
  it('is absent unless asked for', async () => {
    const r = await runScenario(overload('reject-429'), { mode: 'sim' });
    expect(r.requests).toBeUndefined();
  });

  it('holds every request once, and its columns add up to the totals', async () => {
    const r = await runScenario(overload('reject-429'), { mode: 'sim', requests: true });
    const rows = r.requests!;
    const n = r.totals.scheduled;
    for (const column of Object.values(rows)) expect(column).toHaveLength(n);
    expect(new Set(rows.id).size).toBe(n);
    for (const outcome of ['completed', 'shed', 'rejected', 'failed', 'lost'] as const) {
      expect(rows.outcome.filter((o) => o === outcome).length, outcome).toBe(r.totals[outcome]);
    }
    expect(rows.attempts.reduce((a, b) => a + b, 0)).toBe(r.totals.attempts);
    expect(rows.latency_ms.filter((x) => x !== null).length).toBe(r.totals.completed);
    expect(rows.answer.filter((a) => a === 'shed').length).toBe(rows.outcome.filter((o) => o === 'shed').length);
    for (const p of PRIORITIES) expect(rows.priority.filter((x) => x === p).length, p).toBe(r.by_priority[p]?.scheduled ?? 0);
    // The plan's order: intended times never go back.
    expect(rows.intended_ms.every((t, i) => i === 0 || t >= rows.intended_ms[i - 1])).toBe(true);
    // The slowest completion is the histogram's max (kept to 3 significant digits there).
    const slowest = Math.max(...rows.latency_ms.filter((x): x is number => x !== null));
    expect(Math.abs(slowest - r.latency_ms.max) / r.latency_ms.max).toBeLessThan(0.01);
  });
});
