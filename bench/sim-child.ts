/**
 * One virtual-time run in its own process, so its peak memory is its own. Prints one JSON line.
 * Usage: tsx bench/sim-child.ts <traffic seconds>
 */
import { parseScenario, runScenario } from '../src/index.js';

const seconds = Number(process.argv[2] ?? 3600);
const scenario = parseScenario(
  JSON.stringify({
    name: 'one-hour',
    seed: 1,
    traffic: { phases: [{ duration: `${seconds}s`, rate: 100 }], priorities: { high: 0.2, normal: 0.6, low: 0.2 }, drain: '30s' },
    service: { strategy: 'reject-429', capacity: 100, workers: 20 },
    backend: { latency: { p50: '100ms', p99: '400ms' } },
  }),
  'bench',
);

let peakRss = 0;
let peakHeap = 0;
const sample = () => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
};
const timer = setInterval(sample, 20);
const start = performance.now();
const r = await runScenario(scenario, { mode: 'sim' });
const wallMs = performance.now() - start;
sample();
clearInterval(timer);
process.stdout.write(
  `${JSON.stringify({ seconds, scheduled: r.totals.scheduled, completed: r.totals.completed, wall_ms: wallMs, peak_rss: peakRss, peak_heap: peakHeap, simulated_ms: r.duration_ms.run })}\n`,
);
