import { ConfigError, parseEach } from '../model/index.js';
import { parseDuration } from '../units/index.js';
import { compare } from './evaluate.js';
import { formatValue } from './format.js';
import type { ResolvedMetric } from './metric-ref.js';
import type { GateOp } from './parse.js';
import { parseQuantity } from './quantity.js';
import { closestNames, orList } from './suggest.js';
import { WINDOW_METRIC_NAMES, WINDOW_METRICS, type WindowStats } from './window-metrics.js';

/**
 * A condition over a span of a run, in the gates' language plus an optional trailing window:
 * `lost > 50`, `drop_rate[10s] > 5%`, `p99_latency[10s] > 2s`, `cost_usd > 0.5`.
 */
export interface Condition {
  expr: string;
  metric: string;
  /** Trailing window (ms) for abort conditions; absent: everything so far. */
  windowMs?: number;
  op: GateOp;
  threshold: number;
  thresholdText: string;
}

/** The outcome of checking one condition against one window. */
export interface ConditionCheck {
  expr: string;
  /** null: the window held no value for it (no arrivals, no completions). */
  value: number | null;
  /** The comparison held (for an abort condition: it tripped; for a steady-state expression: it held). */
  holds: boolean;
  detail: string;
}

const CONDITION = /^([A-Za-z_]\w*)\s*(?:\[([^\]]*)\])?\s*(<=|>=|==|!=|<|>)\s*(.+)$/s;
const EXPECTED = 'expected `<metric>[<window>] <op> <value>`, e.g. `drop_rate[10s] > 5%` or `lost > 50`';

/**
 * Parses one condition. `windows` says whether `[10s]` is allowed (abort conditions) or not (a
 * steady-state expression is judged over the hypothesis' own windows). `where` names it in errors.
 */
export function parseCondition(expr: string, where: string, windows: boolean): Condition {
  const text = expr.trim();
  const m = CONDITION.exec(text);
  if (!m) throw new ConfigError(`Invalid ${where} \`${text}\`: ${EXPECTED}`);
  const [, name, windowText, op, valueText] = m;
  const at = `${where} \`${text}\``;
  const metric = resolveWindowMetric(name, at);
  let windowMs: number | undefined;
  if (windowText !== undefined) {
    if (!windows) throw new ConfigError(`Invalid ${at}: a \`[window]\` belongs to abort conditions; the hypothesis has its own windows`);
    if (WINDOW_METRICS[name].totalOnly) throw new ConfigError(`Invalid ${at}: \`${name}\` is a total so far and takes no \`[window]\``);
    windowMs = parseDuration(windowText.trim());
    if (windowMs === undefined || windowMs < 1000)
      throw new ConfigError(`Invalid window \`[${windowText}]\` in ${at}: expected a duration of at least 1s, as in \`[10s]\``);
  }
  const thresholdText = valueText.trim();
  const threshold = parseQuantity(thresholdText, metric, at);
  return { expr: text, metric: name, ...(windowMs !== undefined && { windowMs }), op: op as GateOp, threshold, thresholdText };
}

/** Parses every condition, collecting every error into one ConfigError. */
export function parseConditions(exprs: readonly string[], where: string, windows: boolean): Condition[] {
  return parseEach(exprs, (x) => parseCondition(x, where, windows));
}

/** Checks one condition against a window's figures. */
export function checkCondition(c: Condition, w: WindowStats): ConditionCheck {
  const def = WINDOW_METRICS[c.metric];
  const value = def.get(w);
  const label = c.windowMs === undefined ? c.metric : `${c.metric}[${c.windowMs / 1000}s]`;
  if (value === null || !Number.isFinite(value)) return { expr: c.expr, value: null, holds: false, detail: `no data for ${label}` };
  return { expr: c.expr, value, holds: compare(value, c.op, c.threshold), detail: `${label} = ${formatValue(value, def.unit)}, ${c.op} ${c.thresholdText}` };
}

function resolveWindowMetric(name: string, where: string): ResolvedMetric {
  if (!Object.hasOwn(WINDOW_METRICS, name)) {
    const close = closestNames(name, WINDOW_METRIC_NAMES);
    const hint = close.length ? `did you mean ${orList(close)}?` : `valid metrics are: ${WINDOW_METRIC_NAMES.join(', ')}`;
    throw new ConfigError(`Unknown metric \`${name}\` in ${where}; ${hint}`);
  }
  const def = WINDOW_METRICS[name];
  return { name, label: name, unit: def.unit, better: 'neither', get: () => null };
}
