import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SIM_ENGINE } from '../src/model/index.js';
import { buildPreviousEngine, PREVIOUS_ENGINE } from './previous-engine.js';

export interface SimBenchRow {
  name: string;
  engine: string;
  requests: number;
  wall_s: number;
  requests_per_wall_s: number;
  /** This row's rate over the previous engine's on the same run, measured in the same bench run. */
  speedup_vs_previous_engine: number | null;
  /** Calls per second of a plain function-call loop, measured in the same bench run (see sim-child.ts). */
  plain_loop_calls_per_s: number;
  /** requests_per_wall_s / plain_loop_calls_per_s. */
  ratio_vs_plain_loop: number;
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

function runChild<T>(args: string[], module?: string): T {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', child, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    env: module ? { ...process.env, GAMEDAY_MODULE: module } : process.env,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as T;
}

/**
 * Virtual-time speed and memory: a one-hour game day at 100 req/s with 20 workers (360,000
 * requests), and the same at a tenth of the length, each in its own process, on this engine and
 * on the previous one (built from this clone's history, see previous-engine.ts). Bytes per
 * request is the growth in peak heap between the two lengths, divided by the extra requests. The
 * other reference is a plain function-call loop, in a process of its own too.
 */
export function benchSim(): { rows: SimBenchRow[]; bytesPerRequest: Record<string, number>; retainedBytesPerRequest: Record<string, number>; note?: string } {
  const previous = buildPreviousEngine();
  const engines: [string, string | undefined][] = [[`${SIM_ENGINE} (current)`, undefined]];
  if ('module' in previous) engines.push([`${PREVIOUS_ENGINE.version} (previous, ${PREVIOUS_ENGINE.commit.slice(0, 7)})`, previous.module]);
  const plain = runChild<{ per_s: number }>(['reference']).per_s;
  const rows: SimBenchRow[] = [];
  const bytesPerRequest: Record<string, number> = {};
  const retainedBytesPerRequest: Record<string, number> = {};
  const runs = engines.map(([engine, module]) => ({ engine, results: [360, 3600].map((seconds) => runChild<ChildResult>([String(seconds)], module)) }));
  if ('cleanup' in previous) previous.cleanup();
  const rateOf = (r: ChildResult) => r.scheduled / (r.wall_ms / 1000);
  for (const [n, { engine, results }] of runs.entries()) {
    results.forEach((r, k) => {
      const reference = n === 0 && runs.length > 1 ? runs[1].results[k] : undefined;
      rows.push({
        name: `sim: ${r.seconds / 60} min at 100 req/s, 20 workers`,
        engine,
        requests: r.scheduled,
        wall_s: round(r.wall_ms / 1000, 2),
        requests_per_wall_s: Math.round(rateOf(r)),
        speedup_vs_previous_engine: reference ? round(rateOf(r) / rateOf(reference), 2) : null,
        plain_loop_calls_per_s: Math.round(plain),
        ratio_vs_plain_loop: round(rateOf(r) / plain, 3),
        speedup_vs_real_time: Math.round(r.simulated_ms / r.wall_ms),
        peak_rss_mb: round(r.peak_rss / 2 ** 20, 1),
        peak_heap_mb: round(r.peak_heap / 2 ** 20, 1),
      });
    });
    const [small, large] = results;
    const extra = large.scheduled - small.scheduled;
    bytesPerRequest[engine] = Math.round((large.peak_heap - small.peak_heap) / extra);
    retainedBytesPerRequest[engine] = Math.round((large.retained_heap - small.retained_heap) / extra);
  }
  return { rows, bytesPerRequest, retainedBytesPerRequest, note: 'missing' in previous ? `previous engine not measured: ${previous.missing}` : undefined };
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
  const runs = strategies.map(([name, strategy]) => ({ name, r: runChild<ChildResult>(['360', JSON.stringify(strategy)]) }));
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

/** The heap growth lines under the sim table, one per engine. */
export function heapLines(sim: ReturnType<typeof benchSim>): string[] {
  const lines = Object.keys(sim.bytesPerRequest).map(
    (engine) =>
      `engine ${engine}: heap growth per request as the run grows 10x: ${bytes(sim.bytesPerRequest[engine])} at the peak, ${bytes(sim.retainedBytesPerRequest[engine])} retained after a full GC`,
  );
  return sim.note ? [...lines, sim.note] : lines;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sim = benchSim();
  console.table(sim.rows);
  for (const line of heapLines(sim)) console.log(line);
}
