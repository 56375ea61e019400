/** The longest a value is echoed back in a message: a 10 MB field must not come back as a 10 MB line. */
export const MAX_SHOWN_CHARS = 80;

// C0/C1 controls, and the bidi overrides/isolates/marks that reorder how a terminal shows a line.
// eslint-disable-next-line no-control-regex -- control characters are what this pattern finds
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Escapes control and bidi characters as \uXXXX, so what a message echoes reads as what was written. */
export function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A value as a message shows it: strings quoted, `.inf` and `.nan` as YAML writes them (JSON would say
 * null), control and bidi characters escaped, at most MAX_SHOWN_CHARS characters.
 * @example showValue('x'.repeat(1e7)) // "xxxx…" (10,000,000 characters)
 */
export function showValue(value: unknown): string {
  const text = escapeUnsafe(rawText(value));
  if (text.length <= MAX_SHOWN_CHARS) return text;
  const length = typeof value === 'string' ? value.length : text.length;
  return `${text.slice(0, MAX_SHOWN_CHARS - 1)}… (${length.toLocaleString('en')} characters)`;
}

function rawText(value: unknown): string {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
    return String(value);
  }
  if (value === undefined) return 'nothing';
  // A long string is cut before it is quoted: only its first characters are shown anyway.
  if (typeof value === 'string') return JSON.stringify(value.slice(0, MAX_SHOWN_CHARS * 2));
  if (typeof value === 'bigint' || typeof value === 'symbol' || typeof value === 'function') return String(value);
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? rawText(v) : v)) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
