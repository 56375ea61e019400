import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseScenario, type StrategyCatalog } from './load.js';
import { scaleScenario } from './scale.js';

const catalog: StrategyCatalog = { names: () => ['reject-429'], optionsSchema: (t) => (t === 'reject-429' ? z.object({}).strict() : undefined) };
const TEXT = `
name: t
traffic:
  phases:
    - { duration: 10s, rate: 10 }
    - { burst: 50 }
    - { duration: 60s, rampTo: 0 }
  drain: 30s
client: { timeout: 5s, retry: { policy: honor-retry-after, baseDelay: 200ms } }
service: { strategy: reject-429 }
backend: { latency: { p50: 100ms, p99: 400ms }, rateLimits: { rpm: 600 } }
faults:
  - { at: 20s, kind: backend-outage, duration: 10s }
  - { at: 40s, kind: crash-service, restartAfter: 3s }
`;

describe('scaleScenario', () => {
  const load = (timeScale?: number) => parseScenario(TEXT, 't.yaml', catalog, { timeScale });

  it('scales phase durations and fault times, and nothing else', () => {
    const s = load(0.1);
    expect(s.traffic.phases).toEqual([{ duration: 1000, rate: 10 }, { burst: 50 }, { duration: 6000, rampTo: 0 }]);
    expect(s.faults).toEqual([
      { at: 2000, kind: 'backend-outage', duration: 1000, status: 529 },
      { at: 4000, kind: 'crash-service', restartAfter: 3000 },
    ]);
    const full = load();
    expect({ ...s, traffic: { ...s.traffic, phases: [] }, faults: [], timeScale: undefined }).toEqual({
      ...full,
      traffic: { ...full.traffic, phases: [] },
      faults: [],
      timeScale: undefined,
    });
    expect(s.traffic.drain).toBe(30_000);
    expect(s.timeScale).toBe(0.1);
  });

  it('is the identity at 1 and refuses a factor that is not > 0', () => {
    const s = load();
    expect(scaleScenario(s, 1)).toBe(s);
    expect(() => scaleScenario(s, 0)).toThrow(/Expected `timeScale` to be > 0/);
    expect(() => scaleScenario(s, Number.NaN)).toThrow(/timeScale/);
  });
});
