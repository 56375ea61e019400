import { maxOf } from '../units/index.js';
import { OUTCOMES, type LiveCheck, type SweepResult, type Totals } from '../model/index.js';
import { runScenario, type RunListener } from '../engine/index.js';
import { pointLabel, pointSets, type LoadPoint } from './grid.js';

/** Each outcome as a fraction of scheduled. */
function fractions(t: Totals): Record<string, number> {
  return Object.fromEntries(OUTCOMES.map((o) => [o, t.scheduled ? t[o] / t.scheduled : 0]));
}

/**
 * Re-runs the first `n` frontier points live (real HTTP, wall clock), one after another so they
 * do not compete for the CPU, and sets each one's outcome fractions beside its sim fractions.
 * `progress` is told as each run starts (the k-th of how many, which point) and may listen to it:
 * a live run takes as long as its traffic, and a log should say what it is waiting for.
 */
export async function verifyLive(
  s: SweepResult,
  n: number,
  load: LoadPoint,
  opts: { signal?: AbortSignal; workDir: (index: number) => string; progress?: (k: number, of: number, point: string) => RunListener | undefined },
): Promise<LiveCheck[]> {
  const checks: LiveCheck[] = [];
  const chosen = s.frontier.slice(0, n);
  for (const [k, index] of chosen.entries()) {
    if (opts.signal?.aborted) break;
    const point = s.points.find((p) => p.index === index)!;
    const onEvent = opts.progress?.(k + 1, chosen.length, pointLabel(s.axes, point.values));
    const live = await runScenario(load(pointSets(s.axes, point.values)), { mode: 'live', signal: opts.signal, workDir: opts.workDir(index), onEvent });
    const sim = fractions(point.totals);
    const real = fractions(live.totals);
    const maxDiff = maxOf(OUTCOMES.map((o) => Math.abs(sim[o] - real[o])));
    checks.push({ index, sim, live: real, max_diff_points: Math.round(maxDiff * 1000) / 10, live_valid: live.validity.valid });
  }
  return checks;
}
