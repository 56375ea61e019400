import { describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { capacityParts, forecast } from './forecast.js';
import { parseScenario } from '../index.js';
import { faultModule } from '../fault/index.js';
import { LIMITS } from '../units/index.js';

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

  it('a backend-jitter leaves L / (L + mean delay) of the capacity while it lasts', () => {
    const jittered = (max: string) =>
      scenario({
        service: { strategy: 'reject-429', capacity: 100, workers: 1 },
        traffic: { phases: [{ duration: '10s', rate: 6 }], drain: '10s' },
        faults: [{ kind: 'backend-jitter', at: '0s', duration: '10s', min: '0ms', max }],
      });
    // One worker at 100 ms serves 10/s. An added 0–100 ms (mean 50) leaves 100/150: 6.67/s > 6, no queue.
    expect(forecast(jittered('100ms')).backlogAtEnd).toBe(0);
    // An added 0–200 ms (mean 100) leaves half: 5/s served of 6 offered, 1/s queues for 10 s.
    expect(forecast(jittered('200ms')).backlogAtEnd).toBeCloseTo(10, 6);
  });

  it('congestion: the backend serves most at its knee, or at capacity ÷ factor when that is more', () => {
    const knee = capacityParts(scenario({ backend: { latency: { p50: '100ms', p99: '100ms' }, capacity: 16, congestion: { knee: 6, factor: 4 } } }));
    expect(knee.find((p) => p.name === 'backend capacity')!.rps).toBeCloseTo(60, 6);
    const flat = capacityParts(scenario({ backend: { latency: { p50: '100ms', p99: '100ms' }, capacity: 16, congestion: { knee: 2, factor: 2 } } }));
    expect(flat.find((p) => p.name === 'backend capacity')!.rps).toBeCloseTo(80, 6);
  });
});

describe('forecast at the limits', () => {
  // As many phases and faults as a scenario may have, the faults spread over the day and of every
  // kind that changes the service rate. The fluid model takes 400 steps a phase: 400,000 steps.
  const KINDS = [
    { kind: 'backend-latency', duration: '20s', factor: 2 },
    { kind: 'backend-outage', duration: '5s' },
    { kind: 'backend-slowdown', duration: '30s', to: 3 },
    { kind: 'backend-rate-limit', duration: '10s', rpm: 6000 },
  ];
  const n = LIMITS.items;
  const limits = scenario({
    traffic: { phases: Array.from({ length: n }, (_, i) => (i % 2 ? { duration: '80s', rate: 2 } : { duration: '80s', rampTo: 5 })), drain: '10m' },
    faults: Array.from({ length: n }, (_, i) => ({ ...KINDS[i % KINDS.length], at: `${Math.floor((i * 79_000) / n)}s` })),
  });

  it('reads each fault once, not once a step: the work grows with steps plus faults', () => {
    const modules = [...new Set(limits.faults.map((f) => faultModule(f)))];
    const windows = modules.map((m) => vi.spyOn(m, 'window'));
    const left = modules.filter((m) => m.capacityLeft).map((m) => vi.spyOn(m as { capacityLeft: (f: unknown, t: number) => number }, 'capacityLeft'));
    try {
      const f = forecast(limits);
      expect(f.phases).toHaveLength(n);
      expect(windows.reduce((sum, w) => sum + w.mock.calls.length, 0)).toBe(n);
      // A fault's capacity is asked only at the steps its window is open (the longest is 30 s, 150 steps of 0.2 s).
      expect(left.reduce((sum, w) => sum + w.mock.calls.length, 0)).toBeLessThanOrEqual(n * 151);
    } finally {
      for (const spy of [...windows, ...left]) spy.mockRestore();
    }
  });

  it('overlapping faults that open and close mid-phase: the answer of asking every fault at every step', () => {
    // Pinned from the model as it was before the sweep, which asked every fault at every step.
    const s = scenario({
      service: { strategy: 'reject-429', capacity: 50, workers: 2 },
      traffic: {
        phases: [
          { duration: '30s', rate: 10 },
          { duration: '30s', rampTo: 30 },
          { duration: '30s', rate: 5 },
        ],
        drain: '1m',
      },
      faults: [
        { kind: 'backend-slowdown', at: '5s', duration: '40s', to: 4, hold: '10s' },
        { kind: 'backend-latency', at: '20s', duration: '30s', factor: 3 },
        { kind: 'backend-rate-limit', at: '10s', duration: '60s', rpm: 300 },
        { kind: 'backend-outage', at: '62s', duration: '3s' },
      ],
    });
    const f = forecast(s);
    expect(f.queueFullAtMs).toBe(19_912.5);
    expect(f.overflow).toBe(515.5);
  });
});
