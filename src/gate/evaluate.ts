import { parseEach, type GateResult } from '../model/index.js';
import { formatValue } from './format.js';
import { noDataReason, resolveMetric } from './metric-ref.js';
import type { MetricSource } from './metrics.js';
import { type Gate, type GateOp, parseGate } from './parse.js';

/** Values this close are equal: rates are computed in floating point (0.1 may arrive as 0.1000000000000001). */
export const EPSILON = 1e-9;

/**
 * `value <op> threshold` with every operator tolerant in the same way: values within EPSILON are
 * equal, so `<` fails on them and `<=`, `>=` and `==` pass.
 */
export function compare(value: number, op: GateOp, threshold: number): boolean {
  const equal = Math.abs(value - threshold) <= EPSILON;
  switch (op) {
    case '<':
      return !equal && value < threshold;
    case '<=':
      return equal || value < threshold;
    case '>':
      return !equal && value > threshold;
    case '>=':
      return equal || value > threshold;
    case '==':
      return equal;
    case '!=':
      return !equal;
  }
}

/** Evaluates one parsed gate. A metric with no value fails the gate (it must never pass silently). */
export function evaluateGate(result: MetricSource, gate: Gate): GateResult {
  const metric = resolveMetric(gate.metric, gate.priority, `gate \`${gate.expr}\``);
  const value = metric.get(result);
  if (value === null) return { expr: gate.expr, value: null, pass: false, detail: noDataReason(metric, result) };
  const detail = `${gate.label} = ${formatValue(value, metric.unit)}, expected ${gate.op} ${gate.thresholdText}`;
  // A duration carries its words ("8.16 s"), so no report prints a bare 8163; other units read as the number.
  const measured = metric.unit === 'ms' ? { measured: formatValue(value, metric.unit) } : {};
  return { expr: gate.expr, value, ...measured, pass: compare(value, gate.op, gate.threshold), detail };
}

/**
 * Parses every expression and collects every error into one ConfigError (messages joined by
 * newlines), so a scenario's gates can be checked before a run starts.
 */
export function validateGates(exprs: readonly string[]): Gate[] {
  return parseEach(exprs, parseGate);
}

/** Evaluates gate expressions against a result, in order. Throws a ConfigError listing every bad expression. */
export function evaluateGates(result: MetricSource, exprs: readonly string[]): GateResult[] {
  return validateGates(exprs).map((gate) => evaluateGate(result, gate));
}
