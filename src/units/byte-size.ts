import { z } from 'zod';
import { showValue } from './show-value.js';

/**
 * Bytes per unit. kB, MB and GB are decimal, as the Claude API writes its request limits ("32 MB");
 * KiB, MiB and GiB binary, for whoever means that. Units are read in any case.
 */
const BYTES_PER_UNIT: Readonly<Record<string, number>> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/**
 * The largest body limit the mock can be given (backend.maxBody, --max-body): 500 MB, the largest
 * request the API takes anywhere (its Files API). A JSON body much past it would not fit in one
 * string, which V8 caps at about 536 million characters.
 */
export const MAX_BODY_LIMIT = 500_000_000;

const SIZE = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([A-Za-z]*)\s*$/;

/**
 * "32MB", "256 MB", "1.5MiB", or a bare whole number of bytes ("1048576", or 1048576 as a YAML
 * number: a byte count has one natural unit, unlike a duration). Returns undefined for anything
 * else (no unit it knows, a fraction of a byte) so the caller can name the field.
 */
export function parseByteSize(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = SIZE.exec(value);
  const per = m ? BYTES_PER_UNIT[(m[2] || 'b').toLowerCase()] : undefined;
  if (!m || per === undefined) return undefined;
  // 1.1 × 1e6 is 1100000.0000000002 in floating point: a size in a unit above bytes is rounded to the byte.
  const bytes = per === 1 ? Number(m[1]) : Math.round(Number(m[1]) * per);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** Why `value` is not a size, with what would be. */
export function byteSizeProblem(value: unknown): string {
  return `Expected a size such as 32MB, 512kB, 1MiB or a whole number of bytes, got ${showValue(value)}`;
}

/** 32000000 → "32 MB", 1048576 → "1 MiB", 1500 → "1,500 bytes": exact, for messages and banners. */
export function formatByteSize(bytes: number): string {
  for (const unit of ['GB', 'GiB', 'MB', 'MiB', 'kB', 'KiB']) {
    const per = BYTES_PER_UNIT[unit.toLowerCase()];
    if (bytes >= per && bytes % per === 0) return `${(bytes / per).toLocaleString('en')} ${unit}`;
  }
  return `${bytes.toLocaleString('en')} byte${bytes === 1 ? '' : 's'}`;
}

/** A size field (see parseByteSize), in bytes, from 1 byte to `max`. */
export function byteSize(what: string, max: number) {
  return (
    z
      .unknown()
      // What editors read in scenarios/schema.json: a size with its unit, or a byte count.
      .meta({
        anyOf: [
          { type: 'string', pattern: SIZE.source },
          { type: 'integer', minimum: 1 },
        ],
        description: 'a size: 32MB, 512kB, 1MiB, or bytes',
      })
      .transform((v, ctx) => {
        const bytes = parseByteSize(v);
        if (bytes === undefined) {
          ctx.addIssue({ code: 'custom', message: byteSizeProblem(v) });
          return z.NEVER;
        }
        if (bytes < 1 || bytes > max) {
          ctx.addIssue({ code: 'custom', message: `Expected \`${what}\` from 1 byte to ${formatByteSize(max)}, got ${showValue(v)}` });
          return z.NEVER;
        }
        return bytes;
      })
  );
}
