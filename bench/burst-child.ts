/**
 * One burst in virtual time in its own process, so its peak memory is its own. Prints one JSON line.
 * Usage: tsx bench/burst-child.ts <arrivals> <strategy> [interrupt after ms]
 * The simulator is the compiled one (`npm run bench` builds it), as the `gameday` binary runs it.
 */
import { CURRENT_ENGINE_MODULE } from './previous-engine.js';

const { parseScenario, runScenario } = (await import(CURRENT_ENGINE_MODULE)) as typeof import('../src/index.js');

const [arrivals, strategy, interruptMs] = [Number(process.argv[2]), process.argv[3], Number(process.argv[4] ?? 0)];
const scenario = parseScenario(
  JSON.stringify({
    name: 'burst',
    seed: 1,
    traffic: { phases: [{ burst: arrivals }], drain: '10m' },
    service: { strategy, capacity: 100, workers: 10 },
  }),
  'bench',
);
const stop = new AbortController();
// When the interrupt was asked for, whether or not its timer got to fire before the run ended.
let askedAt: number | undefined;
const start = performance.now();
const r = await runScenario(scenario, {
  mode: 'sim',
  signal: stop.signal,
  onEvent: (e) => {
    if (e.type !== 'start' || interruptMs <= 0) return;
    askedAt = performance.now() + interruptMs;
    setTimeout(() => stop.abort({ signal: 'SIGINT' }), interruptMs);
  },
});
const end = performance.now();
// The kernel's peak, not a sample: a burst is one virtual instant, run whole, and no timer fires inside it.
const peakRss = process.resourceUsage().maxRSS * 1024;
process.stdout.write(
  `${JSON.stringify({ arrivals, strategy, wall_ms: end - start, peak_rss: peakRss, honoured_ms: askedAt === undefined ? null : Math.max(0, end - askedAt), not_sent: r.totals.not_sent ?? 0 })}\n`,
);
