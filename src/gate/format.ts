import { fmtMs } from '../units/index.js';
import type { MetricUnit } from './metrics.js';

/** A number for messages: 6 significant digits, so 0.1 + 0.2 reads 0.3 and 1/3 reads 0.333333. */
export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(6)));
}

/**
 * A measured value in its unit: durations as every report prints them ("850 ms", "7.05 s"),
 * everything else a plain number. A duration the report's rounding would change also carries its
 * exact ms ("2.00 s (1999 ms)"), so a value just under a threshold never reads as on it.
 */
export function formatValue(value: number, unit: MetricUnit): string {
  if (unit !== 'ms') return formatNumber(value);
  const shown = fmtMs(value);
  const exact = /^\d+ ms$/.test(shown) ? Number.isInteger(value) : Math.round(Number(shown.replace(' s', '')) * 1000) === value;
  return exact ? shown : `${shown} (${formatNumber(value)} ms)`;
}

/** A signed change: `+0.005`, `-50 ms`, `+0`. */
export function formatDelta(value: number, unit: MetricUnit): string {
  return `${value < 0 ? '-' : '+'}${formatValue(Math.abs(value), unit)}`;
}
