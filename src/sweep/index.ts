/** What-if sweeps: many sim runs of one scenario, a field varied per point, ranked and searched. */
export { parseVary, strategiesAxis, MAX_POINTS } from './vary.js';
export { buildGrid, combinations, pointLabel, pointSets, type GridPoint, type LoadPoint } from './grid.js';
export { planSweep, runSweep, type SweepOptions, type SweepPlan } from './run-sweep.js';
export { paretoFrontier, smallestPassing, bisectLargestPassing } from './search.js';
export { measurePoint, type PointMeasure } from './measure.js';
export { verifyLive } from './verify-live.js';
