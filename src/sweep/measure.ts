import { computeVerdict, type RunResult, type SweepPoint } from '../model/index.js';
import { evaluateGates } from '../gate/index.js';

/** What a point keeps of its run: totals, rates, latency and its gates, never the timeline. */
export type PointMeasure = Omit<SweepPoint, 'index' | 'values'>;

export function measurePoint(r: RunResult, gates: readonly string[]): PointMeasure {
  const judged = evaluateGates(r, gates);
  return {
    strategy: r.strategy,
    totals: r.totals,
    drop_rate: r.rates.drop_rate,
    completion_rate: r.rates.completion_rate,
    latency_ms: { p50: r.latency_ms.p50, p99: r.latency_ms.p99, max: r.latency_ms.max },
    max_queue_depth: r.queue.max_depth,
    gates: judged,
    // As `run` would judge it: a point an abort condition stopped, or whose steady state did not
    // come back, fails however its gates read (an aborted run's gates see only part of the traffic).
    pass: computeVerdict({ ...r, gates: judged }).status === 'pass',
    wall: { elapsed_ms: r.wall.elapsed_ms },
  };
}
