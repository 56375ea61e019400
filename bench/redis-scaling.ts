// End-to-end scale-out on Redis: the same burst through gameday's service as 2 API processes and
// 4 worker processes against the same with 1 worker process (the reference), a mock backend of
// about 1 ms, each worker process running 4 workers. The rate is completions at the backend per
// second from the first arrival until the queue is empty. On a machine with fewer cores than
// processes the worker processes share them, so the ratio says what the cores give, not what the
// design caps at. Run: npx tsx bench/redis-scaling.ts
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { DEFAULT_REDIS_URL } from '../src/model/queue-store.js';
import { parseScenario, runScenario } from '../src/index.js';
import type { BenchRow } from './store.js';

const URL_ = process.env.GAMEDAY_REDIS_URL ?? DEFAULT_REDIS_URL;
const REFERENCE = '1 worker process (reference)';

async function endToEnd(workerProcesses: number): Promise<number> {
  const s = parseScenario(
    stringify({
      name: `redis-scaling-${workerProcesses}`,
      seed: 1,
      traffic: { phases: [{ duration: '2s', rate: 1500 }], drain: '60s', tolerance: { late: '60s' } },
      client: { timeout: '60s' },
      service: {
        strategy: { type: 'persistent', store: 'redis', url: URL_, lease: '30s', poll: '20ms' },
        capacity: 10_000,
        workers: 4,
        processes: { api: 2, workers: workerProcesses },
      },
      backend: { latency: { p50: '1ms', p99: '2ms' } },
    }),
    'redis-scaling.yaml',
  );
  const r = await runScenario(s, { mode: 'live' });
  if (r.totals.completed !== r.totals.scheduled || r.queue.drain_ms === null) throw new Error(`scaling bench: ${JSON.stringify(r.totals)}`);
  return r.totals.completed / ((r.duration_ms.traffic + r.queue.drain_ms) / 1000);
}

export async function benchRedisScaling(): Promise<BenchRow[]> {
  const reference = await endToEnd(1);
  const four = await endToEnd(4);
  return [
    { name: REFERENCE, ops_per_s: Math.round(reference), ratio_to_reference: 1, reference: REFERENCE },
    { name: '4 worker processes', ops_per_s: Math.round(four), ratio_to_reference: four / reference, reference: REFERENCE },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { formatRows } = await import('./store.js');
  console.log(formatRows(await benchRedisScaling()).replace(/queue stores: ops\/s, median of \d+ runs of \d+/, 'end-to-end completions/s, one run each'));
}
