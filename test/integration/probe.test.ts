import { describe, expect, it } from 'vitest';
import { logNormalMean, probeCapacity } from '../../src/index.js';
import { overload } from '../helpers/scenario.js';

describe('gameday probe (closed-loop saturation with autocannon)', () => {
  it("reports the service's capacity, never more than its workers can do (workers / mean backend latency)", async () => {
    const s = overload('reject-429');
    const expected = s.service.workers / (logNormalMean(s.backend.latency.p50, s.backend.latency.p99) / 1000);
    const r = await probeCapacity(s, { durationS: 5 });
    expect(r.expected_rps).toBeCloseTo(expected, 1);
    // A busy CPU can only lower what the service manages, so only the ceiling is asserted; how
    // close a quiet machine comes to it is a measurement, not a test.
    expect(r.throughput_rps).toBeGreaterThan(0);
    expect(r.throughput_rps).toBeLessThan(expected * 1.2);
    // Closed loop with 2 x workers callers never overflows a 20-slot queue.
    expect(r.non_2xx).toBe(0);
    expect(r.errors).toBe(0);
  });
});
