import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SimBenchRow {
  name: string;
  requests: number;
  wall_s: number;
  requests_per_wall_s: number;
  /** Calls per second of a plain function-call loop, measured in the same bench run (see sim-child.ts). */
  plain_loop_calls_per_s: number;
  /** requests_per_wall_s / plain_loop_calls_per_s. */
  ratio_vs_plain_loop: number;
  /** Requests per second of the request path's async machinery with no work in it (see sim-child.ts asyncFloor). */
  async_floor_requests_per_s: number;
  /** requests_per_wall_s / async_floor_requests_per_s: how much of the machinery's own ceiling the simulator reaches. */
  ratio_vs_async_floor: number;
  /** Simulated time / wall time: the reference is real time itself. */
  speedup_vs_real_time: number;
  peak_rss_mb: number;
  peak_heap_mb: number;
}

interface ChildResult {
  seconds: number;
  scheduled: number;
  wall_ms: number;
  peak_rss: number;
  peak_heap: number;
  retained_heap: number;
  simulated_ms: number;
}

const child = fileURLToPath(new URL('./sim-child.ts', import.meta.url));

function runChild<T>(...args: string[]): T {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', child, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as T;
}

/**
 * Virtual-time speed and memory: a one-hour game day at 100 req/s with 20 workers (360,000
 * requests), and the same at a tenth of the length, each in its own process. Bytes per request
 * is the growth in peak heap between the two, divided by the extra requests. The references are a
 * plain function-call loop and the request path's async machinery with no work in it (the
 * ceiling of a simulator that runs the service's own async code), each in a process of its own too.
 */
export function benchSim(): { rows: SimBenchRow[]; bytesPerRequest: number; retainedBytesPerRequest: number } {
  const results = [360, 3600].map((seconds) => runChild<ChildResult>(String(seconds)));
  const plain = runChild<{ per_s: number }>('reference').per_s;
  const floor = runChild<{ per_s: number }>('floor').per_s;
  const rows = results.map((r) => {
    const perWallS = r.scheduled / (r.wall_ms / 1000);
    return {
      name: `sim: ${r.seconds / 60} min at 100 req/s, 20 workers`,
      requests: r.scheduled,
      wall_s: round(r.wall_ms / 1000, 2),
      requests_per_wall_s: Math.round(perWallS),
      plain_loop_calls_per_s: Math.round(plain),
      ratio_vs_plain_loop: round(perWallS / plain, 3),
      async_floor_requests_per_s: Math.round(floor),
      ratio_vs_async_floor: round(perWallS / floor, 2),
      speedup_vs_real_time: Math.round(r.simulated_ms / r.wall_ms),
      peak_rss_mb: round(r.peak_rss / 2 ** 20, 1),
      peak_heap_mb: round(r.peak_heap / 2 ** 20, 1),
    };
  });
  const [small, large] = results;
  const extra = large.scheduled - small.scheduled;
  const bytesPerRequest = Math.round((large.peak_heap - small.peak_heap) / extra);
  const retainedBytesPerRequest = Math.round((large.retained_heap - small.retained_heap) / extra);
  return { rows, bytesPerRequest, retainedBytesPerRequest };
}

export interface DurableSimRow {
  strategy: string;
  requests_per_wall_s: number;
  /** Its wall time over the in-memory strategy's (reject-429), the same traffic in the same bench run. */
  wall_vs_in_memory_strategy: number;
}

/**
 * The durable queue in virtual time: `persistent` simulated on its queue in memory (the default
 * in sim) and on a real SQLite file (a `path` given), against reject-429 on the same six minutes
 * of traffic, each in its own process.
 */
export function benchDurableSim(): DurableSimRow[] {
  const file = join(mkdtempSync(join(tmpdir(), 'gameday-bench-')), 'queue.db');
  const strategies: [string, unknown][] = [
    ['reject-429 (reference)', 'reject-429'],
    ['persistent, queue simulated in memory', 'persistent'],
    ['persistent, on a SQLite file (path given)', { type: 'persistent', path: file }],
  ];
  const runs = strategies.map(([name, strategy]) => ({ name, r: runChild<ChildResult>('360', JSON.stringify(strategy)) }));
  rmSync(dirname(file), { recursive: true, force: true });
  const reference = runs[0].r.wall_ms;
  return runs.map(({ name, r }) => ({
    strategy: name,
    requests_per_wall_s: Math.round(r.scheduled / (r.wall_ms / 1000)),
    wall_vs_in_memory_strategy: round(r.wall_ms / reference, 2),
  }));
}

/** "1 byte", "60 bytes". */
export function bytes(n: number): string {
  return `${n} byte${n === 1 ? '' : 's'}`;
}

function round(x: number, d: number): number {
  return Math.round(x * 10 ** d) / 10 ** d;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { rows, bytesPerRequest, retainedBytesPerRequest } = benchSim();
  console.table(rows);
  console.log(
    `heap growth per request as the run grows 10x: ${bytes(bytesPerRequest)} at the peak, ${bytes(retainedBytesPerRequest)} retained after a full GC`,
  );
}
