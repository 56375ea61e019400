import { Pool } from 'undici';
import { stringify } from 'yaml';
import { Ledger, RealClock, parseScenario, runScenario, type Scenario } from '../src/index.js';
import { startMockThread } from '../src/engine/mock/host.js';
import { ServiceChild } from '../src/engine/child/service-child.js';

/**
 * The live generator against a bare reference, both driving the same service: gameday's own
 * service in its own process (reject-429, capacity 50, 4 workers) calling a mock Claude with
 * p50 20 ms. Each target is a 1 s ramp then 5 s flat.
 *
 * The reference is the least a generator can do: an undici Pool, request i due at t0 + i/R, a
 * 1 ms tick, latency from intended time. Its achieved rate counts requests answered.
 */
export interface LiveBenchRow {
  target_rps: number;
  gameday_achieved_rps: number;
  gameday_valid: boolean;
  gameday_lag_p99_ms: number;
  gameday_event_loop: string;
  /** Wall time of the whole run (start-up and stop included) beyond traffic + drain. */
  gameday_overrun_s: number;
  reference_achieved_rps: number;
  reference_latency_p99_ms: number;
  ratio: number;
}

const RAMP_S = 1;
const FLAT_S = 5;

function scenarioAt(rate: number): Scenario {
  const doc = {
    name: `live-generator-${rate}`,
    seed: 11,
    traffic: {
      phases: [
        { duration: `${RAMP_S}s`, rate: 0, rampTo: rate },
        { duration: `${FLAT_S}s`, rate },
      ],
      drain: '3s',
    },
    client: { timeout: '5s' },
    service: { strategy: 'reject-429', capacity: 50, workers: 4 },
    backend: { latency: { p50: '20ms', p99: '60ms' } },
  };
  return parseScenario(stringify(doc), `bench-live-${rate}.yaml`);
}

/** The same service gameday starts, in its own process, with its mock on a thread. */
async function startService(s: Scenario): Promise<{ url: string; completed(): Promise<number>; stop(): Promise<void> }> {
  const clock = new RealClock();
  const mock = await startMockThread(s, new Ledger(0, new Uint8Array(0), new Float64Array(0)), clock);
  const child = ServiceChild.spawn({ onMessage: () => undefined, onExit: () => undefined });
  await child.boot({
    type: 'config',
    service: {
      strategy: s.service.strategy,
      capacity: s.service.capacity,
      workers: s.service.workers,
      retries: s.service.retries,
      seed: s.seed,
      egress: s.service.egress,
    },
    backend: { baseURL: mock.url, model: s.backend.model, sdkMaxRetries: 0, stream: false },
    originEpochMs: clock.originEpochMs,
    port: 0,
    stateIntervalMs: 100,
  });
  return {
    url: `http://127.0.0.1:${child.port}`,
    async completed() {
      await mock.flush();
      return mock.stats().ok;
    },
    async stop() {
      await child.stop();
      await mock.close();
    },
  };
}

/** Request i due at t0 + i/R (after the same ramp as the scenario); answers counted; latency from intended time. */
async function referenceGenerator(url: string, rate: number): Promise<{ achieved: number; p99: number }> {
  const due: number[] = [];
  // Ramp 0 → rate over RAMP_S (arrival k at the time the area under the ramp reaches k), then flat.
  const rampCount = Math.floor((rate * RAMP_S) / 2);
  for (let k = 0; k < rampCount; k++) due.push(RAMP_S * 1000 * Math.sqrt((2 * k) / (rate * RAMP_S)));
  for (let k = 0; k < rate * FLAT_S; k++) due.push(RAMP_S * 1000 + (k * 1000) / rate);
  const pool = new Pool(url, { connections: 16_384, pipelining: 1 });
  const latencies: number[] = [];
  let answered = 0;
  let lastAnswer = 0;
  const t0 = performance.now();
  const inFlight: Promise<void>[] = [];
  let i = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now() - t0;
      for (; i < due.length && due[i] <= now; i++) {
        const intended = due[i];
        inFlight.push(
          pool
            .request({
              path: '/v1/jobs',
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ id: `ref-${i}`, priority: 'normal', input_tokens: 200, max_tokens: 256 }),
            })
            .then(async (res) => {
              await res.body.dump();
              const at = performance.now() - t0;
              answered++;
              lastAnswer = Math.max(lastAnswer, at);
              latencies.push(at - intended);
            })
            .catch(() => undefined),
        );
      }
      if (i < due.length) setTimeout(tick, 1);
      else done();
    };
    tick();
  });
  await Promise.all(inFlight);
  await pool.destroy();
  latencies.sort((a, b) => a - b);
  const window = Math.max((RAMP_S + FLAT_S) * 1000, lastAnswer);
  return { achieved: (answered * 1000) / window, p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0 };
}

export async function benchLive(
  targets = [2_000, 5_000, 10_000],
): Promise<{ rows: LiveBenchRow[]; starvation: { offered: number; completed_per_s: number }[] }> {
  const rows: LiveBenchRow[] = [];
  for (const target of targets) {
    const s = scenarioAt(target);
    const g = await runScenario(s, { mode: 'live' });
    const service = await startService(s);
    const ref = await referenceGenerator(service.url, target);
    await service.stop();
    rows.push({
      target_rps: Math.round(g.rates.target_rps),
      gameday_achieved_rps: Math.round(g.rates.achieved_rps),
      gameday_valid: g.validity.valid,
      gameday_lag_p99_ms: g.generator.lag_ms?.p99 ?? 0,
      gameday_event_loop: `${Math.round((g.generator.event_loop_utilization ?? 0) * 100)}%`,
      gameday_overrun_s: Math.round((g.wall.elapsed_ms - g.duration_ms.traffic - s.traffic.drain) / 100) / 10,
      reference_achieved_rps: Math.round(ref.achieved),
      reference_latency_p99_ms: Math.round(ref.p99),
      ratio: Math.round((g.rates.achieved_rps / ref.achieved) * 1000) / 1000,
    });
  }
  // Does the testbench starve what it measures? The service's completions per second with the
  // generator at 5,000 req/s against the same service offered 200 req/s (over its capacity too).
  const starvation = [];
  for (const offered of [200, 5_000]) {
    const r = await runScenario(scenarioAt(offered), { mode: 'live' });
    starvation.push({ offered, completed_per_s: Math.round((r.totals.completed / (RAMP_S + FLAT_S)) * 10) / 10 });
  }
  return { rows, starvation };
}
