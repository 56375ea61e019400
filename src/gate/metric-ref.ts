import { ConfigError, PRIORITIES, type Priority } from '../model/index.js';
import { type Better, METRIC_NAMES, METRICS, type MetricSource, type MetricUnit, PRIORITY_METRIC_NAMES, PRIORITY_METRICS } from './metrics.js';
import { closestNames, orList } from './suggest.js';

/** A metric named in a gate or rule, resolved against the catalogue. */
export interface ResolvedMetric {
  /** The catalogue name, e.g. `lost`. */
  name: string;
  priority?: Priority;
  /** The name with its label, as used in messages: `lost{priority=critical}`. */
  label: string;
  unit: MetricUnit;
  better: Better;
  get(result: MetricSource): number | null;
}

export function metricLabel(name: string, priority?: Priority): string {
  return priority ? `${name}{priority=${priority}}` : name;
}

const LABEL = /^\s*([A-Za-z_]\w*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([\w-]*))\s*$/;

/** Parses the inside of `{priority=critical}` (quotes optional). `where` names the gate or rule for messages. */
export function parsePriorityLabel(content: string, where: string): Priority {
  const m = LABEL.exec(content);
  const expected = `expected \`{priority=<p>}\` with p one of ${PRIORITIES.join(', ')}`;
  if (!m) throw new ConfigError(`Invalid label \`{${content}}\` in ${where}: ${expected}`);
  if (m[1] !== 'priority') {
    throw new ConfigError(`Unknown label \`${m[1]}\` in ${where}: only \`priority\` is supported, as in \`{priority=critical}\``);
  }
  const value = m[2] ?? m[3] ?? m[4];
  if (!(PRIORITIES as readonly string[]).includes(value)) {
    throw new ConfigError(`Unknown priority \`${value}\` in ${where}: expected one of ${PRIORITIES.join(', ')}`);
  }
  return value as Priority;
}

function unknownMetric(name: string, where: string, candidates: readonly string[], kind: string): ConfigError {
  const close = closestNames(name, candidates);
  const hint = close.length ? `did you mean ${orList(close)}?` : `valid ${kind} are: ${candidates.join(', ')}`;
  return new ConfigError(`Unknown metric \`${name}\` in ${where}; ${hint}`);
}

/** Looks `name` (optionally per priority) up in the catalogue; a ConfigError with suggestions if absent. */
export function resolveMetric(name: string, priority: Priority | undefined, where: string): ResolvedMetric {
  const label = metricLabel(name, priority);
  if (!priority) {
    if (!Object.hasOwn(METRICS, name)) throw unknownMetric(name, where, METRIC_NAMES, 'metrics');
    const def = METRICS[name];
    return { name, label, unit: def.unit, better: def.better, get: def.get };
  }
  if (!Object.hasOwn(PRIORITY_METRICS, name)) {
    if (!Object.hasOwn(METRICS, name)) throw unknownMetric(name, where, PRIORITY_METRIC_NAMES, 'per-priority metrics');
    throw new ConfigError(`Metric \`${name}\` in ${where} has no per-priority value; per-priority metrics are: ${PRIORITY_METRIC_NAMES.join(', ')}`);
  }
  const def = PRIORITY_METRICS[name];
  const get = (r: MetricSource) => {
    const totals = r.by_priority[priority];
    return totals ? def.get(totals) : null;
  };
  return { name, priority, label, unit: def.unit, better: def.better, get };
}

/** Why a metric has no value in this result, for a failing gate's detail. */
export function noDataReason(metric: ResolvedMetric, result: MetricSource, prefix = 'no data'): string {
  if (!metric.priority) return `${prefix} for ${metric.name}`;
  const totals = result.by_priority[metric.priority];
  if (totals && totals.scheduled === 0) return `${prefix} for priority=${metric.priority}: none scheduled`;
  return `${prefix} for priority=${metric.priority}`;
}
