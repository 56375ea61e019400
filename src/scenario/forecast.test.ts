import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { capacityParts, forecast } from './forecast.js';
import { parseScenario } from '../index.js';

const scenario = (extra: Record<string, unknown>) =>
  parseScenario(
    stringify({
      name: 'f',
      traffic: { phases: [{ duration: '20s', rate: 5 }], drain: '10s' },
      service: { strategy: 'reject-429', capacity: 1000, workers: 100 },
      backend: { latency: { p50: '100ms', p99: '100ms' } },
      ...extra,
    }),
    'f.yaml',
  );

describe('forecast: backend limits that change over time', () => {
  it('a backend-rate-limit window holds the service to what the new tier allows, only while it lasts', () => {
    const faults = [{ kind: 'backend-rate-limit', at: '5s', duration: '10s', rpm: 60 }];
    // 5/s offered, 1/s served for 10 s: 40 queue up (in 1000 slots), then drain at full capacity.
    const roomy = forecast(scenario({ faults }));
    expect(roomy.queueFullAtMs).toBeUndefined();
    expect(roomy.overflow).toBe(0);
    // In 20 slots, the other 20 overflow, from when the queue fills (5 s in the window).
    const tight = forecast(scenario({ service: { strategy: 'reject-429', capacity: 20, workers: 100 }, faults }));
    expect(tight.overflow).toBeCloseTo(20, 0);
    expect(tight.queueFullAtMs).toBeCloseTo(10_000, -2);
    expect(forecast(scenario({ service: { strategy: 'reject-429', capacity: 20, workers: 100 } })).overflow).toBe(0);
  });

  it('a backend-slowdown ramps the capacity down in step with its factor', () => {
    const s = scenario({
      service: { strategy: 'reject-429', capacity: 10, workers: 1 },
      traffic: { phases: [{ duration: '20s', rate: 6 }], drain: '10s' },
      faults: [{ kind: 'backend-slowdown', at: '0s', duration: '10s', to: 2, hold: '10s' }],
    });
    // One worker at 100 ms serves 10/s; past factor 1.67 (at 6.7 s) it serves under 6/s and the queue grows.
    const f = forecast(s);
    expect(f.queueFullAtMs).toBeGreaterThan(6_700);
    expect(f.overflow).toBeGreaterThan(0);
  });

  it('congestion: the backend serves most at its knee, or at capacity ÷ factor when that is more', () => {
    const knee = capacityParts(scenario({ backend: { latency: { p50: '100ms', p99: '100ms' }, capacity: 16, congestion: { knee: 6, factor: 4 } } }));
    expect(knee.find((p) => p.name === 'backend capacity')!.rps).toBeCloseTo(60, 6);
    const flat = capacityParts(scenario({ backend: { latency: { p50: '100ms', p99: '100ms' }, capacity: 16, congestion: { knee: 2, factor: 2 } } }));
    expect(flat.find((p) => p.name === 'backend capacity')!.rps).toBeCloseTo(80, 6);
  });
});
