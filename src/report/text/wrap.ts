import { ANSI_RE, visibleWidth } from './escape.js';

/**
 * Fitting text to a width without letting the terminal wrap it: a terminal's own wrap breaks
 * tables and charts mid-row and leaves continuation lines at column 0. Text may carry ANSI colour;
 * widths are measured without it and a colour open at a break is closed there and reopened on
 * the next line, so a pipe and a terminal break at the same places.
 */

// eslint-disable-next-line no-control-regex -- ESC is what this pattern finds
const TOKEN = /\u001b\[[0-9;]*m|[\s\S]/gu;

interface Cell {
  /** The colour codes just before this character. */
  codes: string;
  ch: string;
}

function cellsOf(line: string): { cells: Cell[]; tail: string } {
  const cells: Cell[] = [];
  let codes = '';
  for (const [token] of line.matchAll(TOKEN)) {
    if (token.startsWith('\u001b[')) codes += token;
    else {
      cells.push({ codes, ch: token });
      codes = '';
    }
  }
  return { cells, tail: codes };
}

/** The SGR codes still in effect after `codes` ran, in order (resets and closes honoured). */
function stillOpen(open: string[], codes: string): string[] {
  let now = [...open];
  // eslint-disable-next-line no-control-regex -- ESC is what this pattern finds
  for (const [, params] of codes.matchAll(/\u001b\[([0-9;]*)m/g)) {
    const n = Number(params.split(';')[0] || 0);
    const closes: Record<number, (m: number) => boolean> = {
      0: () => true,
      22: (m) => m === 1 || m === 2,
      23: (m) => m === 3,
      24: (m) => m === 4,
      27: (m) => m === 7,
      39: (m) => (m >= 30 && m <= 38) || (m >= 90 && m <= 97),
      49: (m) => (m >= 40 && m <= 48) || (m >= 100 && m <= 107),
    };
    const close = closes[n];
    if (close) now = now.filter((code) => !close(Number(code.slice(2).split(/[;m]/)[0])));
    else now.push(`\u001b[${params}m`);
  }
  return now;
}

/** Joins cells back into text, closing what is still open at the end so a line never bleeds colour into the next. */
function joinCells(cells: Cell[], open: string[], tail = ''): { text: string; open: string[] } {
  let text = open.join('');
  let now = open;
  for (const c of cells) {
    text += c.codes + c.ch;
    now = stillOpen(now, c.codes);
  }
  text += tail;
  now = stillOpen(now, tail);
  return { text: now.length > 0 ? `${text}\u001b[0m` : text, open: now };
}

const UNIT = /^(ms|s|min|h|k|%|×)(?![A-Za-z])/;

/**
 * Where to break a run of `cells` that is too long for `room` columns: after a separator (· — ;)
 * when one falls in the last quarter, else at the last space not between a number and its unit,
 * else at the last space, else at `room` itself.
 */
function breakAt(cells: Cell[], start: number, room: number): { end: number; next: number } {
  const limit = Math.min(cells.length, start + room);
  let separator = -1;
  let plain = -1;
  let any = -1;
  for (let i = start + 1; i <= limit && i < cells.length; i++) {
    if (cells[i].ch !== ' ') continue;
    any = i;
    const before = cells[i - 1].ch;
    if ('·—;'.includes(before) && i - start >= (room * 3) / 4) separator = i;
    const after = cells
      .slice(i + 1, i + 4)
      .map((c) => c.ch)
      .join('');
    if (!(/\d/.test(before) && UNIT.test(after))) plain = i;
  }
  const end = separator > 0 ? separator : plain > 0 ? plain : any > 0 ? any : limit;
  let next = end;
  while (next < cells.length && cells[next].ch === ' ') next++;
  return { end, next };
}

/**
 * One line as lines of at most `width` columns, continuation lines indented by `hang`. A word
 * longer than the room is cut where the room ends (a name without spaces still fits).
 */
export function wrapLine(line: string, width: number, hang = 0): string[] {
  if (visibleWidth(line) <= width) return [line];
  const indent = width - hang >= 12 ? hang : 0;
  const { cells, tail } = cellsOf(line);
  const out: string[] = [];
  let open: string[] = [];
  let start = 0;
  while (start < cells.length) {
    const room = out.length === 0 ? width : width - indent;
    if (cells.length - start <= room) {
      out.push((out.length === 0 ? '' : ' '.repeat(indent)) + joinCells(cells.slice(start), open, tail).text);
      break;
    }
    const { end, next } = breakAt(cells, start, room);
    const part = joinCells(trimEnd(cells.slice(start, end)), open);
    out.push((out.length === 0 ? '' : ' '.repeat(indent)) + part.text);
    // The codes of the spaces skipped at the break still apply to what follows.
    open = stillOpen(
      part.open,
      cells
        .slice(end, next)
        .map((c) => c.codes)
        .join(''),
    );
    start = next;
  }
  return out;
}

function trimEnd(cells: Cell[]): Cell[] {
  let n = cells.length;
  while (n > 0 && cells[n - 1].ch === ' ' && cells[n - 1].codes === '') n--;
  return cells.slice(0, n);
}

/**
 * Where a wrapped line's continuation starts: under the text after a summary label ("Backend   "),
 * after a mark ("  ✓ "), or under the line's own indent.
 */
export function hangOf(line: string): number {
  const plain = line.replace(ANSI_RE, '');
  const lead = plain.length - plain.trimStart().length;
  if (/^[A-Z][A-Za-z ]{8} $/.test(plain.slice(0, 10)) && plain.length > 10 && plain[10] !== ' ') return 10;
  if (/^[✓✗·!*-] /.test(plain.slice(lead))) return lead + 2;
  return lead;
}

/** Every line of `text` within `width`, each wrapped under its own hang (see hangOf). */
export function wrapText(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => wrapLine(line, width, hangOf(line)))
    .join('\n');
}

/** `s` cut to `width` columns, ending in … when cut. */
export function truncate(s: string, width: number): string {
  if (visibleWidth(s) <= width) return s;
  const { cells } = cellsOf(s);
  return joinCells([...cells.slice(0, Math.max(0, width - 1)), { codes: '', ch: '…' }], []).text;
}

/** Items on as many lines as `width` needs, `separator` between items on one line. */
export function wrapItems(items: string[], width: number, separator = '   '): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line ? `${line}${separator}${item}` : item;
    if (line && visibleWidth(next) > width) {
      lines.push(line);
      line = item;
    } else line = next;
  }
  return line ? [...lines, line] : lines;
}
