import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseScenario } from '../index.js';
import { getStrategy } from '../strategy/index.js';
import * as memory from './memory.js';
import { ARRIVAL_BYTES, HEAP_SHARE, IN_FLIGHT_BYTES, IN_FLIGHT_BYTES_HELD } from './memory.js';
import type { Scenario } from './load.js';

// The engine passes the strategy's declared traits; so do these tests.
const traits = (s: Scenario) => getStrategy(s.service.strategy.type).traits;
const estimateMemory = (s: Scenario) => memory.estimateMemory(s, traits(s));
const requestLifetimeMs = (s: Scenario) => memory.requestLifetimeMs(s, traits(s));
const checkMemory = (s: Scenario, heap: number) => memory.checkMemory(s, heap, traits(s));

const scenario = (traffic: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  parseScenario(
    stringify({ name: 'm', traffic: { drain: '10m', ...traffic }, service: { strategy: 'reject-429', capacity: 100, workers: 10 }, ...extra }),
    'm.yaml',
  );

describe('estimateMemory: the most arrivals in flight at once, from the phases alone', () => {
  it('a burst arrives all at once', () => {
    const e = estimateMemory(scenario({ phases: [{ burst: 300_000 }] }));
    expect(e).toMatchObject({ atOnce: 300_000, arrivals: 300_000 });
    expect(e.bytes).toBe(300_000 * (IN_FLIGHT_BYTES + ARRIVAL_BYTES));
  });

  it('a strategy that holds its callers costs more per arrival held', () => {
    const e = estimateMemory(scenario({ phases: [{ burst: 1000 }] }, { service: { strategy: 'block', capacity: 100, workers: 10 } }));
    expect(e.bytes).toBe(1000 * (IN_FLIGHT_BYTES_HELD + ARRIVAL_BYTES));
  });

  it('a rate phase holds what arrives within one request lifetime: answered at admission, plus the retries’ longest waits', () => {
    // No retries: admission answers within a second, so 1 s of 1,000/s.
    expect(estimateMemory(scenario({ phases: [{ duration: '10m', rate: 1000 }] })).atOnce).toBe(1000);
    const retrying = { client: { timeout: '5s', retry: { policy: 'honor-retry-after', maxAttempts: 4, maxDelay: '10s' } } };
    // 1 s + 3 waits of up to 10 s.
    expect(requestLifetimeMs(scenario({ phases: [{ burst: 1 }] }, retrying))).toBe(31_000);
    expect(estimateMemory(scenario({ phases: [{ duration: '10m', rate: 1000 }] }, retrying)).atOnce).toBe(31_000);
    // A service that answers every caller 202 gives nothing to retry, unless a kill refuses connections.
    const drop = { ...retrying, service: { strategy: 'drop', capacity: 100, workers: 10 } };
    expect(estimateMemory(scenario({ phases: [{ duration: '10m', rate: 1000 }] }, drop)).atOnce).toBe(1000);
    const killed = { ...drop, faults: [{ at: '1s', kind: 'crash-service' }] };
    expect(estimateMemory(scenario({ phases: [{ duration: '10m', rate: 1000 }] }, killed)).atOnce).toBe(31_000);
  });

  it('a service that holds its callers keeps each attempt up to the client’s timeout: attempts × (timeout + longest retry wait)', () => {
    const block = { service: { strategy: 'block', capacity: 100, workers: 10 } };
    // 30 s timeout, no retries: 30 s of 1,000/s.
    expect(estimateMemory(scenario({ phases: [{ duration: '10m', rate: 1000 }] }, block)).atOnce).toBe(30_000);
    const retrying = { ...block, client: { timeout: '5s', retry: { policy: 'honor-retry-after', maxAttempts: 4, maxDelay: '10s' } } };
    expect(requestLifetimeMs(scenario({ phases: [{ burst: 1 }] }, retrying))).toBe(60_000);
    expect(estimateMemory(scenario({ phases: [{ duration: '10m', rate: 1000 }] }, retrying)).atOnce).toBe(60_000);
  });

  it('never more than the plan holds, and a burst within a lifetime of a busy phase counts with it', () => {
    const block = { service: { strategy: 'block', capacity: 100, workers: 10 } };
    // 23 h at 1/s held up to 30 s: 30 in flight at most, though 82,800 arrive in all.
    expect(estimateMemory(scenario({ phases: [{ duration: '23h', rate: 1 }] }, block))).toMatchObject({ atOnce: 30, arrivals: 82_800 });
    expect(estimateMemory(scenario({ phases: [{ duration: '10s', rate: 1000 }] }, block)).atOnce).toBe(10_000);
    expect(estimateMemory(scenario({ phases: [{ duration: '1m', rate: 100 }, { burst: 5000 }, { duration: '1m', rate: 100 }] }, block)).atOnce).toBe(8000);
  });

  it('a ramp is counted at its busiest window', () => {
    // 0 → 1,000/s over 100 s, held up to 30 s: the last 30 s bring 30 × (700 + 1000) / 2.
    expect(
      estimateMemory(scenario({ phases: [{ duration: '100s', rate: 0, rampTo: 1000 }] }, { service: { strategy: 'block', capacity: 100, workers: 10 } }))
        .atOnce,
    ).toBe(25_500);
  });
});

describe('checkMemory: a plan that cannot fit is refused before anything runs', () => {
  const burst = scenario({ phases: [{ burst: 2000 }] });
  const need = estimateMemory(burst).bytes;

  it('a plan just under what the heap allows passes', () => {
    expect(() => checkMemory(burst, Math.ceil(need / HEAP_SHARE) + 1)).not.toThrow();
  });

  it('just over, it is bad input naming traffic, how many arrivals, and the fixes', () => {
    expect(() => checkMemory(burst, need / HEAP_SHARE - 1)).toThrow(
      /^m\.yaml: traffic: this plan could hold about 2,000 arrivals at once \(2,000 in all, ~0\.01 GB\), more than this process's memory .*split the burst, lower the rate or client\.timeout, or give node more heap \(NODE_OPTIONS=--max-old-space-size=MB\)$/,
    );
    try {
      checkMemory(burst, 1);
    } catch (e) {
      expect((e as { code: string }).code).toBe('GD_ERR_MEMORY');
    }
  });

  it('the largest burst the limits allow does not fit a default heap', () => {
    expect(() => checkMemory(scenario({ phases: [{ burst: 5_000_000 }] }), 4 * 2 ** 30)).toThrow(
      /traffic: this plan could hold about 5,000,000 arrivals at once/,
    );
  });
});
