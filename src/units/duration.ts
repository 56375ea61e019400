import { z } from 'zod';
import { MS_PER_UNIT } from './units.js';
import { showValue } from './show-value.js';

const DURATION = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h)\s*$/;

/** The longest duration anything takes (24h): a game day is hours, and timers misfire past 2^31 ms. */
export const MAX_DURATION_MS = 24 * MS_PER_UNIT.h;

/**
 * Parses "250ms", "5s", "1.5m", "2h" into milliseconds. Every duration carries its unit: a bare
 * number (which might mean seconds or milliseconds) is not a duration. Returns undefined for
 * anything else so the caller can name the field.
 */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = DURATION.exec(value);
  return m ? Number(m[1]) * MS_PER_UNIT[m[2] as keyof typeof MS_PER_UNIT] : undefined;
}

/** Why `value` is not a duration, with the fix. */
export function durationProblem(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return `Expected a duration with a unit, got the bare number ${showValue(value)}: write ${value}ms or ${value}s`;
  }
  return `Expected a duration like "400ms", "0.4s" or "2m", got ${showValue(value)}`;
}

/**
 * A duration field as scenarios and strategy options write it ("400ms", "0.4s", "2m", "1h"),
 * parsed to milliseconds, at most MAX_DURATION_MS.
 */
export const duration = z
  .unknown()
  // What editors read in scenarios/schema.json: the input is a string with its unit.
  .meta({ type: 'string', pattern: DURATION.source, description: 'a duration with its unit: 400ms, 0.4s, 2m, 1h' })
  .transform((v, ctx) => {
    const ms = parseDuration(v);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: durationProblem(v) });
      return z.NEVER;
    }
    if (ms > MAX_DURATION_MS) {
      ctx.addIssue({ code: 'custom', message: `Expected a duration <= 24h, got ${showValue(v)}` });
      return z.NEVER;
    }
    return ms;
  });

/**
 * A duration that drives a loop, refused below `minMs` with why: at 0 the loop it drives spins
 * and the run never ends. A pipe from `duration`, so every reader of the schema (the JSON schema,
 * `gameday plan`) still sees a duration.
 */
export function durationAtLeast(minMs: number, why: string) {
  return duration.pipe(z.number().min(minMs, { error: (i) => `Expected at least ${formatDuration(minMs)}, got ${formatDuration(Number(i.input))}: ${why}` }));
}

/** "1500" ms → "1.5s"; for messages and tables. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${+(ms / 1000).toFixed(2)}s`;
  return `${+(ms / 60_000).toFixed(2)}m`;
}
