import { MS_PER_UNIT } from '../model/index.js';

const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/;

/**
 * Parses "250ms", "5s", "1.5m", "2h" into milliseconds. A bare number is seconds (as in "rate per
 * second" scenarios). Returns undefined for anything else so the caller can name the field.
 */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  const m = DURATION.exec(value);
  return m ? Number(m[1]) * MS_PER_UNIT[m[2] as keyof typeof MS_PER_UNIT] : undefined;
}

/** "1500" ms → "1.5s"; for messages and tables. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${+(ms / 1000).toFixed(2)}s`;
  return `${+(ms / 60_000).toFixed(2)}m`;
}
