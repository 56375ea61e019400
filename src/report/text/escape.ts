/** Escaping for the text formats. Every string that comes from a result goes through one of these. */

import { escapeUnsafe, maxOf } from '../../units/index.js';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

// Characters XML 1.0 forbids outright; they would make the whole JUnit file unparseable.
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escapes text for XML element content. */
export function escapeXml(s: string): string {
  return escapeHtml(s.replace(XML_INVALID, '\uFFFD'));
}

/** Escapes text for a quoted XML attribute; newlines survive attribute normalisation. */
export function escapeXmlAttr(s: string): string {
  return escapeXml(s).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

/**
 * Escapes text for a GitHub Markdown table cell or inline span. Besides what would break a table
 * or start emphasis, it disarms what would turn scenario text into something else: `[`, `]` and
 * `!` (no link, no remote image, no alert), `&` (no entity that spells a bidi control), `://` and
 * `www.` (no autolink); control and bidi characters are shown as \uXXXX.
 */
export function escapeMd(s: string): string {
  return escapeUnsafe(
    s
      .replace(/\\/g, '\\\\')
      .replace(/\|/g, '\\|')
      .replace(/\r?\n|\t/g, ' ')
      .replace(/([`*_<>[\]!&])/g, '\\$1')
      .replace(/:(?=\/\/)/g, '\\:')
      .replace(/\b(www)\./gi, '$1\\.'),
  );
}

/** Inline code for Markdown, with a fence longer than any backtick run inside; control and bidi characters shown as \uXXXX. */
export function mdCode(s: string): string {
  const text = escapeUnsafe(s.replace(/\|/g, '\\|').replace(/\r?\n|\t/g, ' '));
  const longest = maxOf(
    (text.match(/`+/g) ?? []).map((r) => r.length),
    0,
  );
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * Makes text from a scenario or a result inert on a terminal: C0 and C1 controls, DEL and the bidi
 * controls are shown as \uXXXX, so an ESC, an OSC title or a right-to-left override in a name is
 * seen, never obeyed. Line breaks and tabs become spaces (one-line fields: a name cannot forge the
 * lines below it); `multiline` keeps line breaks, for text that is many lines of gameday's own.
 * Apply it to the untrusted text before colouring: gameday's own colour codes come after it.
 */
export function escapeTerminal(s: string, opts: { multiline?: boolean } = {}): string {
  const spaced = s.replace(/\t/g, ' ');
  if (opts.multiline) return spaced.split(/\r?\n/).map(escapeUnsafe).join('\n');
  return escapeUnsafe(spaced.replace(/\r?\n/g, ' '));
}

/**
 * A copy of a result (any JSON-like value) with every string, keys included, through escapeTerminal:
 * the terminal renderers start from it, so no field of a result.json reaches the screen raw.
 */
export function escapeTerminalDeep<T>(value: T): T {
  if (typeof value === 'string') return escapeTerminal(value) as T;
  if (Array.isArray(value)) return value.map(escapeTerminalDeep) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [escapeTerminal(k), escapeTerminalDeep(v)])) as T;
}

// Outside its strings JSON holds none of these, and inside them \uXXXX is the same character.
// eslint-disable-next-line no-control-regex -- control characters are what this pattern finds
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON for a terminal: the same document, with what JSON.stringify leaves raw (DEL, C1, bidi) written as \uXXXX. */
export function jsonForTerminal(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Matches any ANSI escape sequence (for width measurement and for tests). */
// eslint-disable-next-line no-control-regex
export const ANSI_RE = /\u001b\[[0-9;]*m/g;

/** The printed width of a string, ANSI colour codes excluded. */
export function visibleWidth(s: string): number {
  return [...s.replace(ANSI_RE, '')].length;
}
