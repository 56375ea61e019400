import { ConfigError, type Priority } from '../model/index.js';
import { metricLabel, parsePriorityLabel, resolveMetric } from './metric-ref.js';
import { parseQuantity } from './quantity.js';

export const GATE_OPS = ['<', '<=', '>', '>=', '==', '!='] as const;
export type GateOp = (typeof GATE_OPS)[number];

/** A parsed gate: data only, so it can be logged, compared and evaluated by a pure function. */
export interface Gate {
  /** The expression as written, trimmed. */
  expr: string;
  /** The catalogue name, e.g. `lost`. */
  metric: string;
  priority?: Priority;
  /** The metric with its label, e.g. `lost{priority=critical}`. */
  label: string;
  op: GateOp;
  /** In the metric's unit: a fraction for ratios (1% → 0.01), milliseconds for durations (2s → 2000). */
  threshold: number;
  /** The threshold as written (`2s`, `1%`), for messages. */
  thresholdText: string;
}

// Longer operators first, so `<=` is not read as `<` followed by `= 0`.
const GATE = /^([A-Za-z_]\w*)\s*(?:\{([^}]*)\})?\s*(<=|>=|==|!=|<|>)\s*(.+)$/s;
const EXPECTED = `expected \`<metric> <op> <value>\` with op one of ${GATE_OPS.join(' ')}`;

/**
 * Parses `<metric>[{priority=<p>}] <op> <value>`, e.g. `drop_rate < 1%`, `p99_latency <= 2s`,
 * `lost{priority=critical} == 0`. Throws a ConfigError that quotes the expression.
 */
export function parseGate(expr: string): Gate {
  const text = expr.trim();
  if (!text) throw new ConfigError(`Invalid gate \`${expr}\`: the expression is empty; ${EXPECTED}`);
  const m = GATE.exec(text);
  if (!m) throw new ConfigError(`Invalid gate \`${text}\`: ${EXPECTED}`);
  const [, name, labelContent, op, valueText] = m;
  const where = `gate \`${text}\``;
  const priority = labelContent === undefined ? undefined : parsePriorityLabel(labelContent, where);
  const metric = resolveMetric(name, priority, where);
  const thresholdText = valueText.trim();
  const threshold = parseQuantity(thresholdText, metric, where);
  const label = metricLabel(name, priority);
  return { expr: text, metric: name, ...(priority && { priority }), label, op: op as GateOp, threshold, thresholdText };
}
