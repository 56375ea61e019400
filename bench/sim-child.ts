/**
 * One virtual-time run in its own process, so its peak memory is its own. Prints one JSON line.
 * Usage: tsx bench/sim-child.ts <traffic seconds> [strategy as JSON, default "reject-429"]
 *        tsx bench/sim-child.ts reference   (the plain function-call loop, see plainLoop)
 * The engine is the compiled one at GAMEDAY_MODULE (default: this checkout's dist/index.js).
 */
import { CURRENT_ENGINE_MODULE } from './previous-engine.js';

type Gameday = typeof import('../src/index.js');

if (process.argv[2] === 'reference') {
  process.stdout.write(`${JSON.stringify({ per_s: await plainLoop() })}\n`);
} else {
  await simulate(Number(process.argv[2] ?? 3600), process.argv[3] ? (JSON.parse(process.argv[3]) as unknown) : 'reject-429');
}

/**
 * The reference: one awaited call of a small async function per simulated request, what a
 * request would cost if the simulator did nothing but call the model once. The median of five
 * batches of a million calls: a single short loop swings with the JIT's tiers and the machine's load.
 */
async function plainLoop(): Promise<number> {
  const answer = async (i: number) => ({ index: i, ok: i % 7 !== 0 });
  const batch = async (calls: number) => {
    let ok = 0;
    const start = performance.now();
    for (let i = 0; i < calls; i++) if ((await answer(i)).ok) ok++;
    if (ok === 0) throw new Error('reference loop did no work');
    return calls / ((performance.now() - start) / 1000);
  };
  const rates: number[] = [];
  for (let b = 0; b < 5; b++) rates.push(await batch(1_000_000));
  return rates.sort((a, b) => a - b)[2];
}

async function simulate(seconds: number, strategy: unknown): Promise<void> {
  const { parseScenario, runScenario } = (await import(process.env.GAMEDAY_MODULE ?? CURRENT_ENGINE_MODULE)) as Gameday;
  const scenario = parseScenario(
    JSON.stringify({
      name: 'one-hour',
      seed: 1,
      traffic: { phases: [{ duration: `${seconds}s`, rate: 100 }], priorities: { high: 0.2, normal: 0.6, low: 0.2 }, drain: '30s' },
      service: { strategy, capacity: 100, workers: 20 },
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
  // What the run still holds once garbage is gone (the result keeps the ledger alive): the peak
  // above is mostly garbage awaiting collection, and moves with the collector's timing.
  (globalThis as { gc?: () => void }).gc?.();
  const retainedHeap = process.memoryUsage().heapUsed;
  process.stdout.write(
    `${JSON.stringify({ seconds, scheduled: r.totals.scheduled, completed: r.totals.completed, wall_ms: wallMs, peak_rss: peakRss, peak_heap: peakHeap, retained_heap: retainedHeap, simulated_ms: r.duration_ms.run })}\n`,
  );
}
