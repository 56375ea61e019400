import type { LineCounter, YAMLError } from 'yaml';
import { ConfigError } from '../model/index.js';
import { escapeUnsafe } from '../units/index.js';

/**
 * A YAML syntax error in plain words: what to fix, at `file:line:col`, then the line itself with a
 * caret under the place. The parser's own words ("Implicit keys need to be on a single line")
 * name its grammar, not the mistake; they are kept only where no plain words fit.
 */
export function yamlSyntaxError(text: string, source: string, e: YAMLError, lines: LineCounter): ConfigError {
  const parserSays = e.message.split('\n')[0].slice(0, 200);
  const found = explain(text, e, parserSays, lines);
  const at = lines.linePos(found.offset);
  const where = shownLine(text, at.line, at.col);
  // The words quote the file (a key, a value): inert, as the line shown is.
  const words = escapeUnsafe(found.fix ?? `YAML cannot read this (the parser says: ${parserSays})`);
  return new ConfigError(`${source}:${where.line}:${where.col}: malformed YAML: ${words}\n${where.excerpt}`, 'GD_ERR_SCENARIO_YAML');
}

/** An alias (`*name`) with no anchor (`&name`) before it: the parser only finds it when it builds the value. */
export function unresolvedAliasError(text: string, source: string, err: ReferenceError): ConfigError {
  const name = /:\s*(\S+)\s*$/.exec(err.message)?.[1] ?? 'name';
  const words = escapeUnsafe(`\`*${name}\` refers to no anchor: set \`&${name}\` on a value above it, or write the value out`);
  const offset = text.search(new RegExp(`(^|[\\s\\[{,])\\*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  if (offset < 0) return new ConfigError(`${source}: malformed YAML: ${words}`, 'GD_ERR_SCENARIO_YAML');
  const at = offset + (text[offset] === '*' ? 0 : 1);
  const before = text.slice(0, at);
  const where = shownLine(text, before.split('\n').length, at - before.lastIndexOf('\n'));
  return new ConfigError(`${source}:${where.line}:${where.col}: malformed YAML: ${words}\n${where.excerpt}`, 'GD_ERR_SCENARIO_YAML');
}

interface Found {
  /** Where to point: the parser's position, or where the mistake began (an opening quote or bracket). */
  offset: number;
  fix?: string;
}

function explain(text: string, e: YAMLError, parserSays: string, lines: LineCounter): Found {
  const here = { offset: e.pos[0] };
  const line = lineAt(text, lines.linePos(e.pos[0]).line);
  switch (e.code) {
    case 'TAB_AS_INDENT':
      return { ...here, fix: 'a tab indents this line; YAML indents with spaces only: replace the tab (shown →) with spaces' };
    case 'DUPLICATE_KEY': {
      const key = /^\s*(?:-\s+)?["']?([^:"']+)/.exec(text.slice(e.pos[0]))?.[1]?.trim() ?? 'this key';
      return { ...here, fix: `\`${key}\` is given twice in the same mapping: keep one (YAML would not say which wins)` };
    }
    case 'BAD_INDENT': {
      const opener = unclosed(text, e.pos[0]);
      if (/^Flow (sequence|map)/.test(parserSays) && opener)
        return { offset: opener.offset, fix: `the \`${opener.char}\` opened here is never closed: add \`${CLOSE[opener.char]}\` where its value ends` };
      const above = keyColumnAbove(text, lines.linePos(e.pos[0]).line);
      const hint = above ? ` (the line above starts at column ${above})` : '';
      // The parser points at the line's start; the caret goes under its first character.
      const start = { offset: e.pos[0] + (/^[ \t]*/.exec(text.slice(e.pos[0]))?.[0].length ?? 0) };
      if (/mapping items/.test(parserSays))
        return { ...start, fix: `this key is not lined up with the keys of its mapping: indent it to the same column as they are${hint}` };
      if (/sequence items/.test(parserSays))
        return { ...start, fix: `this \`- \` item is not lined up with the items of its list: indent it as they are${hint}` };
      return {
        ...start,
        fix: 'the indentation here does not fit the lines around it: indent a nested key further than its parent, and siblings to the same column',
      };
    }
    case 'MISSING_CHAR': {
      const opener = unclosed(text, e.pos[0]);
      if (/closing .?quote/i.test(parserSays) && opener)
        return { offset: opener.offset, fix: `the quoted value opened here is never closed: add the closing ${opener.char} where the value ends` };
      if (/^Comments must be separated/.test(parserSays))
        return { ...here, fix: 'a `#` starts a comment only after a space: add a space before `#`, or put the value that contains it in quotes' };
      return { ...here, fix: `something is missing here, most often a closing bracket, brace or quote (the parser says: ${parserSays})` };
    }
    case 'MULTILINE_IMPLICIT_KEY':
    case 'BLOCK_AS_IMPLICIT_KEY': {
      const glued = /(^|\s)([\w.-]+):([^\s/:][^\s]*)/.exec(line);
      if (glued)
        return { ...here, fix: `\`${glued[2]}:${glued[3]}\` needs a space after the colon: \`${glued[2]}: ${glued[3]}\` (without it YAML reads one word)` };
      if (e.code === 'MULTILINE_IMPLICIT_KEY' && !line.includes(':'))
        return { ...here, fix: `\`${line.trim()}\` is a key without its colon: write \`${line.trim()}:\` (a key ends with \`:\`, on one line)` };
      const valued = /^\s*(?:-\s+)?([\w.-]+):\s+([^"'\s].*: .*?)\s*$/.exec(line);
      if (valued) return { ...here, fix: `the value of \`${valued[1]}\` contains \`: \`: put it in quotes (\`${valued[1]}: "${valued[2]}"\`)` };
      return {
        ...here,
        fix: 'a value here contains `: `, or a key follows a value on the same line: put the value in quotes ("a: b"), or give each key a line of its own',
      };
    }
    case 'BAD_SCALAR_START': {
      const c = /character (\S)/.exec(parserSays)?.[1] ?? 'this character';
      return { ...here, fix: `a value cannot start with \`${c}\` unquoted: put the value in quotes ("${c}…")` };
    }
    case 'BAD_DQ_ESCAPE':
      return {
        ...here,
        fix: 'a backslash in a double-quoted value starts an escape, and this one is none: write `\\\\` for a backslash, or use single quotes',
      };
    case 'MULTIPLE_DOCS':
      return { ...here, fix: 'a `---` starts a second document, and a scenario is one: remove the `---` (and what follows, or put it in a file of its own)' };
    case 'BLOCK_IN_FLOW':
      return {
        ...here,
        fix: 'inside `[ ]` or `{ }` items are separated by commas: add the missing comma (`{ a: 1, b: 2 }`), or write the items on lines of their own',
      };
    case 'UNEXPECTED_TOKEN': {
      const token = /: "(.+)"$/.exec(parserSays)?.[1];
      if (token === ']' || token === '}')
        return { ...here, fix: `a \`${token}\` with nothing open to close: remove it, or add the \`${token === ']' ? '[' : '{'}\` it closes` };
      return { ...here, fix: 'more text after a complete value: remove it, or put it inside the quotes or brackets before it' };
    }
    case 'KEY_OVER_1024_CHARS':
      return { ...here, fix: 'a key longer than 1,024 characters, most often a line that lost its `: `: shorten the key or add the colon' };
    case 'BAD_DIRECTIVE':
      return { ...here, fix: 'a `%` directive YAML does not support: remove the line that starts with `%`' };
    case 'MULTIPLE_ANCHORS':
    case 'MULTIPLE_TAGS':
    case 'BAD_PROP_ORDER':
    case 'ALIAS_PROPS':
    case 'BAD_ALIAS':
      return {
        ...here,
        fix: 'an anchor (`&name`), alias (`*name`) or tag (`!tag`) used wrongly: a value takes at most one anchor and one tag, an alias none; write the value out',
      };
    case 'NON_STRING_KEY':
      return { ...here, fix: 'a key that is a list or a mapping: a key is a plain name (`rate:`)' };
    default:
      return here;
  }
}

const CLOSE: Record<string, string> = { '[': ']', '{': '}', '"': '"', "'": "'" };

/**
 * The quote or bracket still open at `end`, read from the start: a quote opens a value only where
 * a value starts (after `: `, `- `, `[`, `{`, `,` or at a line's start), so "it's" opens nothing;
 * comments are skipped.
 */
function unclosed(text: string, end: number): { char: string; offset: number } | undefined {
  const open: { char: string; offset: number }[] = [];
  let quote: { char: string; offset: number } | undefined;
  for (let i = 0; i < Math.min(end, text.length); i++) {
    const c = text[i];
    if (quote) {
      if (quote.char === '"' && c === '\\') i++;
      else if (c === quote.char && !(c === "'" && text[i + 1] === "'")) quote = undefined;
      else if (c === "'" && text[i + 1] === "'") i++;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      const before = text.slice(text.lastIndexOf('\n', i - 1) + 1, i).trim();
      if (before === '' || /[:[{,?-]$/.test(before)) quote = { char: c, offset: i };
    } else if (c === '[' || c === '{') open.push({ char: c, offset: i });
    else if ((c === ']' || c === '}') && open.length) open.pop();
  }
  return quote ?? open.at(-1);
}

/** The column (from 1) where the nearest line above `line` with text starts its key (after any `- `). */
function keyColumnAbove(text: string, line: number): number | undefined {
  for (let n = line - 1; n >= 1; n--) {
    const l = lineAt(text, n);
    if (l.trim() === '' || l.trim().startsWith('#')) continue;
    const m = /^(\s*(?:-\s+)*)/.exec(l)!;
    return m[1].length + 1;
  }
  return undefined;
}

function lineAt(text: string, line: number): string {
  return (text.split('\n')[line - 1] ?? '').replace(/\r$/, '');
}

/** The widest part of a line shown; a longer line is cut around the caret. */
const SHOWN_CHARS = 120;

/**
 * The line and a caret under the column, tabs shown as → (one column each, so the caret stays
 * under its character). A position past the last line (the end of the file) points at the last
 * line with text.
 */
function shownLine(text: string, line: number, col: number): { line: number; col: number; excerpt: string } {
  let n = line;
  let c = col;
  if (lineAt(text, n).trim() === '') {
    while (n > 1 && lineAt(text, n).trim() === '') n--;
    c = lineAt(text, n).length + 1;
  }
  let body = escapeUnsafe(lineAt(text, n).replace(/\t/g, '→'));
  let caret = c;
  if (body.length > SHOWN_CHARS) {
    const from = Math.max(0, Math.min(c - 1 - SHOWN_CHARS / 2, body.length - SHOWN_CHARS));
    body = `${from > 0 ? '…' : ''}${body.slice(from, from + SHOWN_CHARS)}${from + SHOWN_CHARS < body.length ? '…' : ''}`;
    caret = c - from + (from > 0 ? 1 : 0);
  }
  const gutter = String(n).length;
  return { line: n, col: c, excerpt: `  ${n} | ${body}\n  ${' '.repeat(gutter)} | ${' '.repeat(Math.max(0, caret - 1))}^` };
}
