/**
 * `npm run bench`: speed and memory, each figure beside a reference measured in the same run.
 * - queue store: enqueue+claim+complete cycles/s against raw better-sqlite3 INSERTs (reference);
 * - virtual time: simulated requests per wall second, speed-up against real time (reference),
 *   peak memory, and heap bytes per request as a run grows 10x;
 * - bursts: 300,000 arrivals (reject-429) and 100,000 (block) in flight at once, wall time, peak
 *   RSS, bytes per arrival in flight and how soon an interrupt is honoured, against a burst a hundredth the size;
 * - sweep: a 4 x 4 grid of sim points on one worker thread (reference) and on every core;
 * - at the limits: a 24-hour sim run, the 8-strategy comparison of that day and `plan` with 1,000
 *   phases x 1,000 faults, wall time and peak RSS, each against the same command at a tenth of the size;
 * - live generator: achieved rate and send lag at 2,000 / 5,000 / 10,000 req/s against a bare
 *   undici open-loop generator (reference) driving the same service, and the service's
 *   completions per second at 5,000 req/s offered against 200 req/s offered;
 * - Redis queue store: cycles/s against raw BullMQ (reference) and raw ioredis streams, and the
 *   end-to-end rate of 4 worker processes against 1 (reference) on a ~1 ms mock backend;
 * - busy machine: the scenario library live beside two CPU-bound processes, each run's verdict,
 *   displacement, count uncertainty and replayed effect, against the same scenario in sim.
 */
import { benchBurst } from './burst.js';
import { benchBusy } from './busy.js';
import { benchLimits } from './limits.js';
import { benchLive } from './live.js';
import { benchDurableSim, benchSim, heapLines } from './sim.js';
import { benchRedisScaling } from './redis-scaling.js';
import { benchRedis } from './redis.js';
import { benchSweep } from './sweep.js';
import { benchStore, formatRows } from './store.js';

console.log('Queue store (reference: raw better-sqlite3 single-row INSERT, autocommit)');
console.log(formatRows(await benchStore()));

console.log('\nVirtual-time engine (references: the previous engine on the same runs, real time, a plain function-call loop)');
const sim = benchSim();
console.table(sim.rows);
for (const line of heapLines(sim)) console.log(line);

console.log('\nThe durable queue in virtual time (reference: reject-429, a strategy in memory, on the same 6 minutes at 100 req/s)');
console.table(benchDurableSim());

console.log('\nBursts in virtual time (reference: the same burst a hundredth the size, each in a process of its own)');
console.table(benchBurst());

console.log('\nSweep (reference: the same grid on one worker thread)');
console.table(await benchSweep());

console.log('\nAt the limits (reference: the same command at a tenth of the size, each in a process of its own)');
console.table(benchLimits());

console.log('\nLive generator (reference: a bare undici open-loop generator against the same service)');
const live = await benchLive();
console.table(live.rows);
const [low, high] = live.starvation;
console.log(
  `service completions/s: ${high.completed_per_s} at ${high.offered} req/s offered vs ${low.completed_per_s} at ${low.offered} req/s (ratio ${(high.completed_per_s / low.completed_per_s).toFixed(3)})`,
);

console.log('\nRedis queue store (reference: BullMQ Queue.add + a no-op Worker, same Redis, same run)');
console.log(formatRows(await benchRedis()).replace(/median of \d+ runs of \d+/, 'one run of 5000'));

console.log('\nScale-out on Redis, end to end (reference: 1 worker process; 4 workers each, ~1 ms mock backend)');
console.log(formatRows(await benchRedisScaling()).replace(/queue stores: ops\/s, median of \d+ runs of \d+/, 'completions/s, one run each'));

console.log('\nBusy machine (two CPU-bound processes beside the run; reference: the same scenario in virtual time)');
const busy = await benchBusy();
console.table(busy.rows);
console.log(`valid on a busy machine: ${busy.valid} of ${busy.of} library scenarios (goal: at least 8)`);
