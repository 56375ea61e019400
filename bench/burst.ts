import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { IN_FLIGHT_BYTES, IN_FLIGHT_BYTES_HELD } from '../src/scenario/index.js';

export interface BurstBenchRow {
  name: string;
  arrivals: number;
  wall_s: number;
  /** Simulated arrivals per wall second, and the same for the reference burst a hundredth the size, run in the same bench. */
  arrivals_per_wall_s: number;
  ratio_vs_small_burst: number;
  peak_rss_mb: number;
  /** Peak RSS growth per extra arrival over the reference burst: what one arrival in flight holds. */
  bytes_per_in_flight_arrival: number;
  /** bytes_per_in_flight_arrival / what the plan's memory check assumes (IN_FLIGHT_BYTES): above 1, the check lets through plans that cannot fit. */
  ratio_vs_assumed: number;
  /** The same burst interrupted 0.5 s (wall) after it starts: how long after that the run returned. */
  interrupt_honoured_after_s: number;
}

interface ChildResult {
  arrivals: number;
  wall_ms: number;
  peak_rss: number;
  honoured_ms: number | null;
  not_sent: number;
}

const child = fileURLToPath(new URL('./burst-child.ts', import.meta.url));

function runChild(...args: (string | number)[]): ChildResult {
  const out = execFileSync(process.execPath, ['--import', 'tsx', child, ...args.map(String)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as ChildResult;
}

/**
 * Bursts in virtual time, where every arrival is in flight at once: 300,000 against reject-429
 * and 100,000 against block (which holds its callers), each against a burst a hundredth the size
 * (the reference), each run in its own process. A burst is one virtual instant and runs whole, so
 * an interrupt is honoured when the instant ends: the last column says how long that took.
 */
export function benchBurst(): BurstBenchRow[] {
  return [
    [300_000, 'reject-429', IN_FLIGHT_BYTES],
    [100_000, 'block', IN_FLIGHT_BYTES_HELD],
  ].map(([arrivals, strategy, assumed]) => {
    const small = runChild(Number(arrivals) / 100, strategy);
    const large = runChild(arrivals, strategy);
    const interrupted = runChild(arrivals, strategy, 500);
    const perS = (r: ChildResult) => r.arrivals / (r.wall_ms / 1000);
    const perArrival = (large.peak_rss - small.peak_rss) / (large.arrivals - small.arrivals);
    return {
      name: `sim: a burst of ${arrivals.toLocaleString('en')}, ${strategy}, 10 workers`,
      arrivals: large.arrivals,
      wall_s: round(large.wall_ms / 1000, 2),
      arrivals_per_wall_s: Math.round(perS(large)),
      ratio_vs_small_burst: round(perS(large) / perS(small), 2),
      peak_rss_mb: round(large.peak_rss / 2 ** 20, 1),
      bytes_per_in_flight_arrival: Math.round(perArrival),
      ratio_vs_assumed: round(perArrival / Number(assumed), 2),
      interrupt_honoured_after_s: round((interrupted.honoured_ms ?? 0) / 1000, 2),
    };
  });
}

function round(x: number, d: number): number {
  return Math.round(x * 10 ** d) / 10 ** d;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.table(benchBurst());
