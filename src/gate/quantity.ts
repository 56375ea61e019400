import { ConfigError } from '../model/index.js';
import { MS_PER_UNIT } from '../units/index.js';
import type { ResolvedMetric } from './metric-ref.js';
import type { MetricUnit } from './metrics.js';

const NUMBER = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;
const QUANTITY = new RegExp(`^(${NUMBER})\\s*(%|ms|s|m|h)?$`);

const UNIT_NOUN: Record<MetricUnit, string> = {
  count: 'a count',
  ratio: 'a ratio',
  ms: 'a duration',
  rps: 'a rate in requests per second',
  usd: 'an amount in USD',
};

/** The forms a threshold can take, for "expected ..." messages. */
export const QUANTITY_FORMS = 'a number (0.01, 5, 1e-3), a percentage (1%) or a duration (250ms, 2s, 1m)';

/**
 * Parses a threshold into the metric's own unit: `1%` → 0.01 (ratio metrics only); `250ms`, `2s`,
 * `1.5m`, `1h` → milliseconds (ms metrics only); a plain number as is, except on an ms metric, where a
 * duration carries its unit (only 0 needs none).
 */
export function parseQuantity(text: string, metric: ResolvedMetric, where: string): number {
  const m = QUANTITY.exec(text.trim());
  if (!m) throw new ConfigError(`Invalid value \`${text}\` in ${where}: expected ${QUANTITY_FORMS}`);
  const value = Number(m[1]);
  const suffix = m[2];
  if (suffix === undefined) {
    if (metric.unit === 'ms' && value !== 0) {
      throw new ConfigError(`Invalid value \`${text}\` in ${where}: \`${metric.label}\` is a duration and takes a unit: write ${value}ms or ${value}s`);
    }
    return value;
  }
  const noun = UNIT_NOUN[metric.unit];
  if (suffix === '%') {
    if (metric.unit !== 'ratio') {
      throw new ConfigError(`Invalid value \`${text}\` in ${where}: a percentage fits only ratio metrics, and \`${metric.label}\` is ${noun}`);
    }
    return value / 100;
  }
  if (metric.unit !== 'ms') {
    throw new ConfigError(`Invalid value \`${text}\` in ${where}: \`${metric.label}\` is ${noun}, not a duration`);
  }
  return value * MS_PER_UNIT[suffix as keyof typeof MS_PER_UNIT];
}
