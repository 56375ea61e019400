import { ConfigError, type SweepAxis, type SweepPoint, type SweepResult, type SweepSearch } from '../model/index.js';
import { showValue } from '../units/index.js';
import { GAMEDAY_VERSION } from '../engine/index.js';
import { getStrategy } from '../strategy/index.js';
import { buildGrid, pointLabel, type GridPoint, type LoadPoint } from './grid.js';
import type { PointMeasure } from './measure.js';
import { PointPool } from './pool.js';
import { bisectLargestPassing, paretoFrontier, smallestPassing } from './search.js';

export interface SweepOptions {
  axes: SweepAxis[];
  /** Loads the scenario with a point's overrides (and the command's own --set, --seed...). */
  load: LoadPoint;
  /** Every point is judged by these; a search needs at least one. */
  gates: string[];
  /** Refuse a sweep with no gate to judge its points by, even without a search (the CLI's --gates). */
  requireGates?: boolean;
  /** Worker threads to run points on. */
  threads: number;
  /** Paths to minimise, most important first (each a varied axis). */
  findMin?: string[];
  /** The one varied path whose largest passing value is wanted, by bisection. */
  findMax?: string;
  signal?: AbortSignal;
  /** Called as each point finishes. */
  onPoint?: (p: SweepPoint, done: number, total: number) => void;
}

const INTERRUPTED = Symbol('interrupted');

/** A sweep whose every point is loaded and validated: nothing has run yet. */
export interface SweepPlan {
  options: SweepOptions;
  grid: GridPoint[];
}

/** Checks the flags and loads every point's scenario: any bad input fails here, before a point runs. */
export function planSweep(o: SweepOptions): SweepPlan {
  checkSearch(o);
  const grid = buildGrid(o.axes, o.load);
  for (const g of grid) checkOwnQueueFile(o.axes, g);
  return { options: o, grid };
}

/**
 * Points run at once, each from an empty queue: one queue file named for all of them would be
 * shared (or refused as already used) mid-sweep. Without a path each point gets its own.
 */
function checkOwnQueueFile(axes: SweepAxis[], g: GridPoint): void {
  const { type, options } = g.scenario.service.strategy;
  const path = g.scenario.service.url === undefined ? getStrategy(type).storeSpec?.(options)?.path : undefined;
  if (path === undefined) return;
  throw new ConfigError(
    `sweep point ${g.index + 1} (${pointLabel(axes, g.values)}): service.strategy.path names one queue file (${showValue(path)}) for every point; remove it and each point gets a queue file of its own`,
    'GD_ERR_USAGE',
  );
}

/** Runs a planned sweep's points in virtual time on worker threads (or a bisection's few), and ranks them. */
export async function runSweep({ options: o, grid }: SweepPlan): Promise<SweepResult> {
  const startedAt = new Date();
  const wallStart = performance.now();
  const pool = new PointPool(Math.max(1, Math.min(o.threads, o.findMax ? 1 : grid.length)), o.signal);
  const points: SweepPoint[] = [];
  let search: SweepSearch | undefined;
  const total = grid.length; // a bisection runs only some of them
  const runPoint = async (g: GridPoint): Promise<SweepPoint | null> => {
    const m: PointMeasure | null = await pool.run(g.scenario, o.gates);
    if (!m) return null;
    const p = { index: g.index, values: g.values, ...m };
    points.push(p);
    o.onPoint?.(p, points.length, total);
    return p;
  };
  try {
    if (o.findMax) {
      const found = await bisectLargestPassing(grid.length, async (i) => {
        const p = await runPoint(grid[i]);
        if (!p) throw INTERRUPTED; // a point that never ran is not a failure: the search stops
        return p.pass;
      }).catch((e: unknown) => (e === INTERRUPTED ? undefined : Promise.reject(e)));
      if (found) search = { kind: 'find-max', path: o.findMax, found: found.found, top_passed: found.topPassed, runs: found.runs };
    } else {
      await Promise.all(grid.map(runPoint));
    }
  } finally {
    await pool.close();
  }
  points.sort((a, b) => a.index - b.index);
  // An interrupted grid has holes: its smallest passing point may not be the smallest there is.
  if (o.findMin && points.length === grid.length) search = findMin(o.axes, o.findMin, points);
  const first = grid[0].scenario;
  return {
    version: 1,
    scenario: first.name,
    strategies: [...new Set(grid.map((g) => g.scenario.service.strategy.type))],
    seed: first.seed,
    mode: 'sim',
    axes: o.axes,
    gates: o.gates,
    points,
    frontier: paretoFrontier(points),
    ...(search ? { search } : {}),
    ...(o.signal?.aborted ? { interrupted: true } : {}),
    wall: {
      started_at: startedAt.toISOString(),
      elapsed_ms: Math.round(performance.now() - wallStart),
      threads: pool.threads,
      gameday_version: GAMEDAY_VERSION,
    },
  };
}

function findMin(axes: SweepAxis[], paths: string[], points: SweepPoint[]): SweepSearch {
  const order = paths.map((p) => axes.findIndex((a) => a.path === p));
  // Numbers compare by value; anything else (30s, a strategy name) in the order it was listed.
  const rank = (axis: number, v: unknown) => (typeof v === 'number' ? v : axes[axis].values.indexOf(v));
  return { kind: 'find-min', paths, found: smallestPassing(points, order, rank), runs: points.length };
}

/** A search that cannot mean anything is refused before any point runs. */
function checkSearch(o: SweepOptions): void {
  if (o.axes.length === 0) throw new ConfigError('sweep: nothing to vary; add --vary PATH=VALUES (service.workers=2..8) or --strategies', 'GD_ERR_USAGE');
  const seen = new Set<string>();
  for (const a of o.axes) {
    if (seen.has(a.path)) throw new ConfigError(`--vary ${a.path}: varied twice; give each field one --vary`, 'GD_ERR_USAGE');
    seen.add(a.path);
  }
  if (o.findMin && o.findMax) throw new ConfigError('--find-min and --find-max: choose one search per sweep', 'GD_ERR_USAGE');
  const flag = o.findMin ? '--find-min' : o.findMax ? '--find-max' : '--gates';
  if ((o.findMin || o.findMax || o.requireGates) && o.gates.length === 0)
    throw new ConfigError(`${flag}: "passes" means every gate passes, and there is none; add gates to the scenario or --gate 'lost == 0'`, 'GD_ERR_USAGE');
  for (const path of o.findMin ?? []) {
    if (!seen.has(path)) throw new ConfigError(`--find-min ${path}: not a varied field; add --vary ${path}=VALUES`, 'GD_ERR_USAGE');
  }
  if (o.findMax && (o.axes.length !== 1 || o.axes[0].path !== o.findMax))
    throw new ConfigError(
      `--find-max ${o.findMax}: bisection searches one field; vary only that one (--vary ${o.findMax}=LOW..HIGH:STEP) and fix the rest with --set`,
      'GD_ERR_USAGE',
    );
}
