import { describe, expect, it } from 'vitest';
import { ConfigError } from '../model/index.js';
import { buildPlan, phaseArrivals } from './plan.js';
import { trafficSchema } from './schema.js';

const traffic = (t: unknown) => trafficSchema.parse(t);

describe('buildPlan', () => {
  it('a constant phase: rate x duration arrivals, evenly spaced from 0', () => {
    const p = buildPlan(traffic({ phases: [{ duration: '2s', rate: 10 }] }), 1);
    expect(p.count).toBe(20);
    expect([...p.at.slice(0, 3)]).toEqual([0, 100, 200]);
    expect(p.at[19]).toBeCloseTo(1900, 9);
    expect(p.trafficMs).toBe(2000);
    expect(p.targetRps).toBe(10);
  });

  it('a ramp: (r0 + r1) / 2 x duration arrivals, denser as the rate grows', () => {
    const p = buildPlan(traffic({ phases: [{ duration: '10s', rate: 0, rampTo: 20 }] }), 1);
    expect(p.count).toBe(100); // (0 + 20) / 2 x 10
    // N(t) = t^2 (r1 - r0) / (2T) = t^2: the k-th arrival is at sqrt(k) seconds.
    expect(p.at[25]).toBeCloseTo(5000, 6);
    expect(p.at[81]).toBeCloseTo(9000, 6);
  });

  it('a ramp without a start rate starts from the previous phase', () => {
    const p = buildPlan(
      traffic({
        phases: [
          { duration: '1s', rate: 10 },
          { duration: '2s', rampTo: 0 },
        ],
      }),
      1,
    );
    expect(p.count).toBe(10 + 10); // 10 + (10 + 0) / 2 x 2
    expect(p.at[p.count - 1]).toBeLessThan(3000);
  });

  it('a burst puts its arrivals at one instant between phases', () => {
    const p = buildPlan(traffic({ phases: [{ duration: '1s', rate: 2 }, { burst: 5 }, { duration: '1s', rate: 2 }] }), 1);
    expect([...p.at]).toEqual([0, 500, 1000, 1000, 1000, 1000, 1000, 1000, 1500]);
  });

  it('poisson arrivals: seeded, about rate x duration, in order', () => {
    const t = traffic({ phases: [{ duration: '100s', rate: 50 }], arrival: 'poisson' });
    const a = buildPlan(t, 7);
    const b = buildPlan(t, 7);
    expect([...a.at]).toEqual([...b.at]);
    expect(a.count).toBeGreaterThan(4800);
    expect(a.count).toBeLessThan(5200);
    for (let i = 1; i < a.count; i++) expect(a.at[i]).toBeGreaterThanOrEqual(a.at[i - 1]);
    expect([...buildPlan(t, 8).at.slice(0, 10)]).not.toEqual([...a.at.slice(0, 10)]);
  });

  it('the priority mix follows the weights', () => {
    const p = buildPlan(traffic({ phases: [{ duration: '100s', rate: 100 }], priorities: { critical: 0.1, low: 0.9 } }), 3);
    const critical = p.priority.filter((x) => x === 0).length;
    expect(p.priority.every((x) => x === 0 || x === 3)).toBe(true);
    expect(critical / p.count).toBeGreaterThan(0.08);
    expect(critical / p.count).toBeLessThan(0.12);
  });

  it('refuses a plan past the cap from the count alone, before any array is built', () => {
    // Straight to buildPlan, past the schema's rate bound: `rate: 1e9` for 5 s would be 5e9 arrivals.
    const huge = { ...traffic({ phases: [{ duration: '5s', rate: 1 }] }), phases: [{ duration: 5000, rate: 1e9 }] };
    let error: unknown;
    try {
      buildPlan(huge, 1);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('GD_ERR_PLAN_SIZE');
    expect((error as Error).message).toBe('traffic.phases: the phases plan 5,000,000,000 arrivals; the limit is 5,000,000 (shorten a phase or lower its rate)');
  });

  it('counts each phase arithmetically, as the plan does', () => {
    const t = traffic({ phases: [{ duration: '5s', rate: 10 }, { duration: '10s', rate: 100 }, { duration: '5s', rampTo: 0 }, { burst: 7 }] });
    expect(phaseArrivals(t)).toEqual([50, 1000, 250, 7]);
    expect(buildPlan(t, 1).count).toBe(1307);
  });
});
