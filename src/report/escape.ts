/** Escaping for the text formats. Every string that comes from a result goes through one of these. */

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

/** Escapes text for a GitHub Markdown table cell or inline span. */
export function escapeMd(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ')
    .replace(/([`*_<>])/g, '\\$1');
}

/** Inline code for Markdown, with a fence longer than any backtick run inside. */
export function mdCode(s: string): string {
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')}${pad}${fence}`;
}

/** Matches any ANSI escape sequence (for width measurement and for tests). */
// eslint-disable-next-line no-control-regex
export const ANSI_RE = /\u001b\[[0-9;]*m/g;

/** The printed width of a string, ANSI colour codes excluded. */
export function visibleWidth(s: string): number {
  return [...s.replace(ANSI_RE, '')].length;
}
