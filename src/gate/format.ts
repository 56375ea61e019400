import type { MetricUnit } from './metrics.js';

/** A number for messages: 6 significant digits, so 0.1 + 0.2 reads 0.3 and 1/3 reads 0.333333. */
export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(6)));
}

/** A measured value in its unit: durations get `ms`, everything else is a plain number. */
export function formatValue(value: number, unit: MetricUnit): string {
  return unit === 'ms' ? `${formatNumber(value)}ms` : formatNumber(value);
}

/** A signed change: `+0.005`, `-50ms`, `+0`. */
export function formatDelta(value: number, unit: MetricUnit): string {
  return `${value < 0 ? '-' : '+'}${formatValue(Math.abs(value), unit)}`;
}
