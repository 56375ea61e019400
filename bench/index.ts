/**
 * `npm run bench`: speed and memory, each figure beside a reference measured in the same run.
 * - queue store: enqueue+claim+complete cycles/s against raw better-sqlite3 INSERTs (reference);
 * - virtual time: simulated requests per wall second, speed-up against real time (reference),
 *   peak memory, and heap bytes per request as a run grows 10x.
 */
import { benchSim } from './sim.js';
import { benchStore, formatRows } from './store.js';

console.log('Queue store (reference: raw better-sqlite3 single-row INSERT, autocommit)');
console.log(formatRows(await benchStore()));

console.log('\nVirtual-time engine (reference: real time)');
const sim = benchSim();
console.table(sim.rows);
console.log(`heap growth per request as the run grows 10x: ${sim.bytesPerRequest} bytes`);
