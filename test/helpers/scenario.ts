import { stringify } from 'yaml';
import { parseScenario, type Scenario } from '../../src/index.js';

/** A scenario from a plain object, validated exactly as a YAML file would be. */
export function scenario(doc: Record<string, unknown>, overrides: { strategy?: string; seed?: number } = {}): Scenario {
  return parseScenario(stringify(doc), 'test-scenario.yaml', overrides);
}

/** The reference overload: capacity 20, 2 workers, mock p50 100 ms, a spike of ~10x what the workers serve. */
export function overload(strategy: string, extra: Record<string, unknown> = {}, latency = { p50: '100ms', p99: '400ms' }): Scenario {
  return scenario({
    name: 'overload',
    seed: 7,
    traffic: {
      phases: [
        { duration: '1s', rate: 10 },
        { duration: '3s', rate: 160 },
      ],
      priorities: { critical: 0.1, high: 0.2, normal: 0.4, low: 0.3 },
      drain: '15s',
    },
    client: { timeout: '20s' },
    service: { strategy, capacity: 20, workers: 2, ...extra },
    backend: { latency },
  });
}

/** Well under what 2 workers serve (~16/s): nothing should be refused or lost. */
export function underCapacity(strategy: string): Scenario {
  return scenario({
    name: 'under-capacity',
    seed: 3,
    traffic: { phases: [{ duration: '2s', rate: 6 }], drain: '10s' },
    service: { strategy, capacity: 20, workers: 2 },
    backend: { latency: { p50: '50ms', p99: '150ms' } },
  });
}
