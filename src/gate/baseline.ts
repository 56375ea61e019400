import { ConfigError, simEngineOf, type GateResult, type RunResult } from '../model/index.js';
import { compare } from './evaluate.js';
import { formatDelta, formatNumber, formatValue } from './format.js';
import { noDataReason, resolveMetric } from './metric-ref.js';
import type { MetricSource } from './metrics.js';
import type { RegressionRule } from './max-regression.js';

export { parseMaxRegression, parseRegressionRule, type RegressionRule } from './max-regression.js';

/** The run a baseline was saved from. */
export interface BaselineOf {
  scenario: string;
  strategy: string;
  mode: RunResult['mode'];
  seed: number;
}

/** What `gameday baseline save` writes: a result without its timeline and wall-clock facts. */
export type Baseline = MetricSource & { baseline_of: BaselineOf };

/** A baseline file, or a whole result.json used as one. */
export type BaselineInput = MetricSource & { baseline_of?: BaselineOf };

/** One rule checked against a baseline. Numbers are in the metric's unit (ms for durations). */
export interface BaselineComparison {
  /** The metric with its label, e.g. `lost{priority=critical}`. */
  metric: string;
  /** The gate form of the rule, e.g. `drop_rate <= baseline+0.005`. */
  expr: string;
  baseline: number | null;
  current: number | null;
  /** current - baseline. */
  delta: number | null;
  /** The signed change allowed, made absolute: `+20%` of a 1000 ms baseline is +200. */
  allowed: number | null;
  /** baseline + allowed: the worst value that still passes. */
  limit: number | null;
  pass: boolean;
  detail: string;
  /** A duration's current value in its unit, as the reports print it (absent for other units). */
  measured?: string;
}

/** What `gameday baseline save` writes: the result minus `timeline` and `wall`, plus `baseline_of`. */
export function makeBaseline(result: RunResult): Baseline {
  const { timeline: _timeline, wall: _wall, ...rest } = result;
  const { scenario, strategy, mode, seed } = result;
  return { ...rest, baseline_of: { scenario, strategy, mode, seed } };
}

/**
 * Throws a ConfigError unless the baseline was saved from the same scenario and strategy, and, for
 * two simulations, on the same simulation engine: a result moved by a new engine is no regression.
 */
export function assertSameRun(result: MetricSource, baseline: BaselineInput): void {
  const of = baseline.baseline_of ?? baseline;
  if (of.scenario !== result.scenario || of.strategy !== result.strategy)
    throw new ConfigError(
      `baseline is for scenario ${of.scenario} strategy ${of.strategy}, this run is scenario ${result.scenario} ` +
        `strategy ${result.strategy}; save a baseline from the same scenario and strategy (gameday baseline save)`,
    );
  const [was, now] = [simEngineOf(baseline), simEngineOf(result)];
  if (was !== undefined && now !== undefined && was !== now)
    throw new ConfigError(
      `baseline was simulated on engine ${was}, this run on engine ${now}: a new engine can move results by itself, ` +
        `so they are not compared; save the baseline again from a run of this version (gameday baseline save)`,
    );
}

function compareOne(result: MetricSource, baseline: BaselineInput, rule: RegressionRule): BaselineComparison {
  const metric = resolveMetric(rule.metric, rule.priority, `regression rule \`${rule.spec}\``);
  const op = rule.direction === 'increase' ? '<=' : '>=';
  const expr = `${metric.label} ${op} baseline${rule.allowanceText}`;
  const before = metric.get(baseline);
  const now = metric.get(result);
  const missing = { metric: metric.label, expr, baseline: before, current: now, delta: null, allowed: null, limit: null };
  if (before === null) return { ...missing, pass: false, detail: noDataReason(metric, baseline, 'no baseline data') };
  if (now === null) return { ...missing, pass: false, detail: noDataReason(metric, result) };
  const size = rule.relative ? Math.abs(before) * rule.amount : rule.amount;
  const allowed = rule.direction === 'increase' ? size : -size;
  const limit = before + allowed;
  const delta = now - before;
  const fmt = (v: number) => formatValue(v, metric.unit);
  const percent = before !== 0 ? formatNumber((delta / before) * 100) : null;
  const relativeDelta = percent === null ? '' : ` (${delta < 0 ? '' : '+'}${percent}%)`;
  const detail =
    `${metric.label} was ${fmt(before)}, now ${fmt(now)}: ${formatDelta(delta, metric.unit)}${relativeDelta}; ` +
    `allowed ${rule.allowanceText} (limit ${fmt(limit)})`;
  const pass = compare(now, op, limit);
  const measured = metric.unit === 'ms' ? { measured: fmt(now) } : {};
  return { metric: metric.label, expr, baseline: before, current: now, delta, allowed, limit, pass, detail, ...measured };
}

/** Checks each rule against the baseline; throws a ConfigError if the baseline is for another scenario or strategy. */
export function compareToBaseline(result: MetricSource, baseline: BaselineInput, rules: readonly RegressionRule[]): BaselineComparison[] {
  assertSameRun(result, baseline);
  return rules.map((rule) => compareOne(result, baseline, rule));
}

/** The comparisons as gate results, so regressions flow into result.gates, the exit code and JUnit. */
export function baselineGateResults(comparisons: readonly BaselineComparison[]): GateResult[] {
  return comparisons.map((c) => ({ expr: c.expr, value: c.current, ...(c.measured && { measured: c.measured }), pass: c.pass, detail: c.detail }));
}
