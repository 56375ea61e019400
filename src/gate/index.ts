export {
  METRICS,
  METRIC_NAMES,
  PRIORITY_METRICS,
  PRIORITY_METRIC_NAMES,
  type Better,
  type MetricDef,
  type MetricSource,
  type MetricUnit,
  type PriorityMetricDef,
} from './metrics.js';
export { metricLabel, resolveMetric, type ResolvedMetric } from './metric-ref.js';
export { GATE_OPS, parseGate, type Gate, type GateOp } from './parse.js';
export { EPSILON, compare, evaluateGate, evaluateGates, validateGates } from './evaluate.js';
export {
  assertSameRun,
  baselineGateResults,
  compareToBaseline,
  makeBaseline,
  parseMaxRegression,
  parseRegressionRule,
  type Baseline,
  type BaselineComparison,
  type BaselineInput,
  type BaselineOf,
  type RegressionRule,
} from './baseline.js';
export { checkCondition, parseCondition, parseConditions, type Condition, type ConditionCheck } from './condition.js';
export { WINDOW_METRICS, WINDOW_METRIC_NAMES, type WindowMetricDef, type WindowStats } from './window-metrics.js';
