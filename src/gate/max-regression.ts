import { ConfigError, parseEach, type Priority } from '../model/index.js';
import { parsePriorityLabel, resolveMetric, type ResolvedMetric } from './metric-ref.js';
import { parseQuantity } from './quantity.js';

/** How far one metric may move from its baseline in its bad direction. */
export interface RegressionRule {
  /** The rule as written, trimmed: `p99_latency=+20%`. */
  spec: string;
  /** The catalogue name, e.g. `lost`. */
  metric: string;
  priority?: Priority;
  /** The metric with its label, e.g. `lost{priority=critical}`. */
  label: string;
  /** `increase`: current <= baseline + allowance. `decrease`: current >= baseline - allowance. */
  direction: 'increase' | 'decrease';
  /** Non-negative: a fraction of the baseline when `relative`, else in the metric's unit (ms for durations). */
  amount: number;
  relative: boolean;
  /** The allowance with its sign, as written or implied: `+0.005`, `+20%`, `-5%`, `+200ms`. */
  allowanceText: string;
}

const RULE = /^([A-Za-z_]\w*)\s*(?:\{([^}]*)\})?\s*=\s*([+-])?\s*(.+)$/s;
const PERCENT = /^(\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*%$/;
const EXPECTED = 'expected `<metric>=<+|-><amount>[%]`, e.g. `drop_rate=+0.005`, `p99_latency=+20%` or `completed=-5%`';

type Direction = RegressionRule['direction'];

/** The sign written, or the metric's bad direction when omitted; a sign that allows only an improvement is an error. */
function directionOf(sign: string | undefined, metric: ResolvedMetric, where: string, amount: string): Direction {
  const { label, better } = metric;
  if (better === 'neither') {
    if (sign) return sign === '+' ? 'increase' : 'decrease';
    const fix = `write \`${label}=+${amount}\` or \`${label}=-${amount}\``;
    throw new ConfigError(`Invalid ${where}: \`${label}\` has no better direction, so ${fix}`);
  }
  const bad: Direction = better === 'lower' ? 'increase' : 'decrease';
  const badSign = bad === 'increase' ? '+' : '-';
  if (!sign || sign === badSign) return bad;
  const regression = bad === 'increase' ? 'an increase' : 'a decrease';
  throw new ConfigError(`Invalid ${where}: ${better} \`${label}\` is better, so its regression is ${regression}; write \`${label}=${badSign}${amount}\``);
}

/** Parses one `metric=±amount[%]` rule. */
export function parseRegressionRule(spec: string): RegressionRule {
  const text = spec.trim();
  const m = RULE.exec(text);
  if (!m) throw new ConfigError(`Invalid regression rule \`${text}\`: ${EXPECTED}`);
  const [, name, labelContent, sign, rawAmount] = m;
  const where = `regression rule \`${text}\``;
  const priority = labelContent === undefined ? undefined : parsePriorityLabel(labelContent, where);
  const metric = resolveMetric(name, priority, where);
  const amountText = rawAmount.trim().replace(/\s+/g, '');
  const relative = amountText.endsWith('%');
  if ((relative && !PERCENT.test(amountText)) || /^[+-]/.test(amountText)) {
    throw new ConfigError(`Invalid amount \`${rawAmount.trim()}\` in ${where}: ${EXPECTED}`);
  }
  // In a rule, `%` is always relative to the baseline (p99_latency=+20%), never a ratio written as a percentage.
  const amount = relative ? Number(amountText.slice(0, -1)) / 100 : parseQuantity(amountText, metric, where);
  const direction = directionOf(sign, metric, where, amountText);
  const allowanceText = `${direction === 'increase' ? '+' : '-'}${amountText}`;
  const label = metric.label;
  return { spec: text, metric: name, ...(priority && { priority }), label, direction, amount, relative, allowanceText };
}

/**
 * Parses a `--max-regression` list such as `drop_rate=+0.005,p99_latency=+20%,lost=+0`.
 * Collects every bad rule into one ConfigError (messages joined by newlines).
 */
export function parseMaxRegression(spec: string): RegressionRule[] {
  const items = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!items.length) throw new ConfigError(`Invalid regression rules \`${spec}\`: the list is empty; ${EXPECTED}`);
  return parseEach(items, parseRegressionRule);
}
