import autocannon from 'autocannon';
import { Ledger, logNormalMean, RealClock } from '../model/index.js';
import type { Scenario } from '../scenario/index.js';
import { createLiveHarness } from './live-harness.js';
import { openRunStore, tempWorkDir } from './run-store.js';

export interface ProbeResult {
  scenario: string;
  strategy: string;
  connections: number;
  duration_s: number;
  /** Jobs the service finished per second under closed-loop saturation. */
  throughput_rps: number;
  latency_ms: { p50: number; p99: number; max: number };
  non_2xx: number;
  errors: number;
  /** workers / mean backend latency: what the throughput should approach. */
  expected_rps: number;
}

/**
 * A closed-loop saturation run with autocannon: `connections` callers each post a job with
 * `?wait=1` (answered when processed) and send the next as soon as the last returns. That makes
 * it measure what the service can sustain — the capacity a spike is measured against — which an
 * open-loop spike cannot, and autocannon is built for.
 */
export async function probeCapacity(s: Scenario, opts: { durationS?: number; connections?: number } = {}): Promise<ProbeResult> {
  // A durable strategy probes on its own queue file in a temporary folder.
  const temp = tempWorkDir();
  const store = openRunStore(s, temp.dir);
  const h = await createLiveHarness(s, new Ledger(0, new Uint8Array(0), new Float64Array(0)), new RealClock(), store?.store).catch((e: unknown) => {
    store?.close();
    temp.cleanup();
    throw e;
  });
  // Enough callers to keep every worker busy, few enough that a bounded queue never refuses.
  const connections = opts.connections ?? Math.min(s.service.workers * 2, s.service.workers + s.service.capacity);
  const duration = opts.durationS ?? 5;
  try {
    let n = 0;
    const r = await autocannon({
      url: `${h.serviceUrl}/v1/jobs?wait=1`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // A fresh id per request (autocannon's idReplacement keeps the template's content-length).
      requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ id: `probe-${++n}`, priority: 'normal', input_tokens: 200, max_tokens: s.traffic.maxTokens }) }) }],
      connections,
      duration,
      timeout: 30,
    });
    return {
      scenario: s.name,
      strategy: s.service.strategy.type,
      connections,
      duration_s: r.duration,
      throughput_rps: Math.round((r['2xx'] / r.duration) * 100) / 100,
      latency_ms: { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max },
      non_2xx: r.non2xx,
      errors: r.errors,
      expected_rps: Math.round((s.service.workers / (logNormalMean(s.backend.latency.p50, s.backend.latency.p99) / 1000)) * 100) / 100,
    };
  } finally {
    await h.close();
    store?.close();
    temp.cleanup();
  }
}
