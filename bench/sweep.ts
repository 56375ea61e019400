import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { CURRENT_ENGINE_MODULE } from './previous-engine.js';

// The compiled simulator (`npm run bench` builds it), as the `gameday` binary and its sweep threads run it.
const { parseScenario, parseVary, planSweep, runSweep } = (await import(CURRENT_ENGINE_MODULE)) as typeof import('../src/index.js');

export interface SweepBenchRow {
  name: string;
  threads: number;
  points: number;
  requests: number;
  wall_s: number;
  /** Wall time on one thread / wall time on these threads: the reference is the same grid on one thread. */
  speedup_vs_1_thread: number;
}

/**
 * The sweep row: a 4 x 4 grid (workers x queue capacity) of the sim bench's scenario (100 req/s,
 * reject-429), on one worker thread and then on every core. Each point lasts `seconds` of
 * traffic: one hour by default (5.76 million requests in all; a few minutes on two cores).
 * BENCH_SWEEP_SECONDS=360 runs a quick 6-minute grid, which scales worse: each thread compiles
 * and warms up its own copy of the simulator, and short points do not pay that back.
 */
export async function benchSweep(seconds = Number(process.env.BENCH_SWEEP_SECONDS ?? 3600)): Promise<SweepBenchRow[]> {
  const text = JSON.stringify({
    name: 'sweep-bench',
    seed: 1,
    traffic: { phases: [{ duration: `${seconds}s`, rate: 100 }], priorities: { high: 0.2, normal: 0.6, low: 0.2 }, drain: '30s' },
    service: { strategy: 'reject-429', capacity: 100, workers: 20 },
    backend: { latency: { p50: '100ms', p99: '400ms' } },
  });
  const axes = [parseVary('service.workers=10,15,20,25'), parseVary('service.capacity=50,100,150,200')];
  const load = (set: string[]) => parseScenario(text, 'bench', { set });
  const rows: SweepBenchRow[] = [];
  for (const threads of [...new Set([1, availableParallelism()])]) {
    const start = performance.now();
    const s = await runSweep(planSweep({ axes, load, gates: [], threads }));
    const wallS = (performance.now() - start) / 1000;
    const requests = s.points.reduce((n, p) => n + p.totals.scheduled, 0);
    rows.push({
      name: `sweep: 4x4 grid of ${seconds / 60} min points`,
      threads,
      points: s.points.length,
      requests,
      wall_s: round(wallS),
      speedup_vs_1_thread: round(rows[0] ? rows[0].wall_s / wallS : 1),
    });
  }
  return rows;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.table(await benchSweep());
