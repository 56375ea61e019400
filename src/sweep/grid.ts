import { ConfigError, type SweepAxis } from '../model/index.js';
import type { Scenario } from '../scenario/index.js';
import { MAX_POINTS } from './vary.js';

/** Reads the scenario with extra `--set path=value` overrides (the CLI's loader, injected). */
export type LoadPoint = (sets: string[]) => Scenario;

/** One point of the grid: its position, its value on every axis, and the scenario it runs. */
export interface GridPoint {
  index: number;
  values: unknown[];
  scenario: Scenario;
}

/** Every combination of the axes' values, row-major: the last axis varies fastest. */
export function combinations(axes: readonly SweepAxis[]): unknown[][] {
  const count = axes.reduce((n, a) => n * a.values.length, 1);
  if (count > MAX_POINTS) throw new ConfigError(`--vary: ${count.toLocaleString('en')} points; at most ${MAX_POINTS.toLocaleString('en')}`, 'GD_ERR_USAGE');
  return axes.reduce<unknown[][]>((acc, axis) => acc.flatMap((prefix) => axis.values.map((v) => [...prefix, v])), [[]]);
}

/** The overrides that make a point: one `path=value` per axis, the value written as JSON (which YAML reads back as it was). */
export function pointSets(axes: readonly SweepAxis[], values: readonly unknown[]): string[] {
  return axes.map((a, i) => `${a.path}=${JSON.stringify(values[i])}`);
}

/** `service.workers=4, service.capacity=20`: a point as a person names it. */
export function pointLabel(axes: readonly SweepAxis[], values: readonly unknown[]): string {
  return axes.map((a, i) => `${a.path}=${typeof values[i] === 'string' ? values[i] : JSON.stringify(values[i])}`).join(', ');
}

/**
 * Loads and validates the scenario of every point before any runs: a value the schema refuses,
 * an unknown path or a broken combination fails here, naming the point, with nothing spent.
 */
export function buildGrid(axes: readonly SweepAxis[], load: LoadPoint): GridPoint[] {
  const all = combinations(axes);
  return all.map((values, index) => {
    try {
      return { index, values, scenario: load(pointSets(axes, values)) };
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      const message = err.message.replace(/--set /g, '--vary ');
      throw new ConfigError(`sweep point ${index + 1} of ${all.length} (${pointLabel(axes, values)}): ${message}`, err.code);
    }
  });
}
