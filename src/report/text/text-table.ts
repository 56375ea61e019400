import type { ChalkInstance } from 'chalk';
import { maxOf } from '../../units/index.js';
import { visibleWidth } from './escape.js';
import { truncate, wrapLine } from './wrap.js';

export type Align = 'left' | 'right';

export interface TextTableOptions {
  /** Alignment per column; defaults to left for the first column and right for the rest (numbers). */
  align?: Align[];
  /** Prefix of every line. */
  indent?: string;
  /** Styles the header row (e.g. dim or bold); identity by default. */
  styleHeader?: (s: string) => string;
  /**
   * Fit within this many columns (colour codes not counted). Without it the table is as wide as
   * its cells. To fit, in this order: the headers in `abbreviate` are shortened; a left-aligned
   * last column (`wrap`) is wrapped within the room left; with `split`, the columns after the
   * first are spread over as many tables as it takes, each led by the first column; else the
   * columns in `drop` are left out one by one, in that order, and a line under the table says
   * which. A table still too wide (long names) has its lines cut, ending in …. Never wider.
   */
  width?: number;
  /** Headers (as given, trimmed) of the columns that may be left out, the first left out first. */
  drop?: string[];
  /** Shorter headers, by header (trimmed): used before any column is left out. */
  abbreviate?: Record<string, string>;
  /** The last column is free text: wrap it within the room the others leave (at least 16 columns). */
  wrap?: boolean;
  /** Split the columns over several tables instead of leaving any out. */
  split?: boolean;
}

/** The narrowest a wrapped last column may get before columns are left out instead. */
const MIN_WRAP = 16;

/**
 * A plain column-aligned text table. Cells may already carry ANSI colour: widths are measured
 * without it, so coloured and plain output line up the same.
 */
export function textTable(header: string[], rows: string[][], opts: TextTableOptions = {}): string {
  if (opts.width === undefined) return render(header, rows, opts);
  return fitTable(header, rows, { ...opts, width: opts.width });
}

type Fitting = TextTableOptions & { width: number };

function fitTable(header: string[], rows: string[][], opts: Fitting): string {
  const cols = header.map((_, i) => i);
  const attempt = (h: string[], keep: number[]) => tryFit(h, rows, keep, opts);
  const whole = attempt(header, cols);
  if (whole) return whole;
  const short = header.map((h) => abbreviated(h, opts.abbreviate));
  const abbreviatedFit = attempt(short, cols);
  if (abbreviatedFit) return abbreviatedFit;
  if (opts.split) return splitTables(short, rows, opts);
  const dropOrder = (opts.drop ?? []).map((name) => header.findIndex((h) => h.trim() === name)).filter((i) => i > 0);
  let keep = cols;
  for (const gone of dropOrder) {
    keep = keep.filter((i) => i !== gone);
    const fitted = attempt(short, keep);
    if (fitted) return withNote(fitted, header, keep, opts);
  }
  return withNote(
    cut(
      render(
        pick(short, keep),
        rows.map((r) => pick(r, keep)),
        alignOf(opts, keep),
      ),
      opts.width,
    ),
    header,
    keep,
    opts,
  );
}

/** The table with only the columns in `keep`, if it fits (its last column wrapped when allowed); else undefined. */
function tryFit(header: string[], rows: string[][], keep: number[], opts: Fitting): string | undefined {
  const h = pick(header, keep);
  const rs = rows.map((r) => pick(r, keep));
  const o = alignOf(opts, keep);
  const widths = columnWidths(h, rs);
  if (tableWidth(widths, opts) <= opts.width) return render(h, rs, o);
  const last = keep.length - 1;
  if (!opts.wrap || last === 0 || alignAt(o, last) !== 'left') return undefined;
  const room = opts.width - tableWidth(widths.slice(0, last), opts) - 2;
  if (room < Math.max(MIN_WRAP, visibleWidth(h[last]))) return undefined;
  // A row whose text runs over becomes several lines: the others' cells on the first, the text continuing under its column.
  const wrapped = rs.flatMap((r) =>
    wrapLine(r[last] ?? '', room).map((part, k) => (k === 0 ? [...r.slice(0, last), part] : [...r.slice(0, last).map(() => ''), part])),
  );
  return render(h, wrapped, o);
}

function splitTables(header: string[], rows: string[][], opts: Fitting): string {
  const tables: string[] = [];
  let group: number[] = [];
  for (let i = 1; i < header.length; i++) {
    const next = [...group, i];
    if (group.length > 0 && !tryFit(header, rows, [0, ...next], opts)) {
      tables.push(tryFit(header, rows, [0, ...group], opts) ?? cutTable(header, rows, [0, ...group], opts));
      group = [i];
    } else group = next;
  }
  if (group.length > 0 || tables.length === 0) tables.push(tryFit(header, rows, [0, ...group], opts) ?? cutTable(header, rows, [0, ...group], opts));
  return tables.join('\n\n');
}

function cutTable(header: string[], rows: string[][], keep: number[], opts: Fitting): string {
  return cut(
    render(
      pick(header, keep),
      rows.map((r) => pick(r, keep)),
      alignOf(opts, keep),
    ),
    opts.width,
  );
}

/** Says under the table which columns were left out, so nobody reads a missing column as nothing to show. */
function withNote(table: string, header: string[], keep: number[], opts: Fitting): string {
  const gone = header.map((h, i) => (keep.includes(i) ? '' : h.trim())).filter(Boolean);
  if (gone.length === 0) return table;
  const style = opts.styleHeader ?? ((s: string) => s);
  const note = `${opts.indent ?? ''}(not shown at ${opts.width} columns: ${gone.join(', ')})`;
  return `${table}\n${style(cut(note, opts.width))}`;
}

function abbreviated(h: string, table: Record<string, string> | undefined): string {
  const short = table?.[h.trim()];
  return short === undefined ? h : h.replace(h.trim(), short);
}

function cut(text: string, width: number): string {
  return text
    .split('\n')
    .map((l) => truncate(l, width))
    .join('\n');
}

const pick = <T>(xs: T[], keep: number[]): T[] => keep.map((i) => xs[i]);

function alignOf(opts: TextTableOptions, keep: number[]): TextTableOptions {
  return { ...opts, align: keep.map((i) => alignAt(opts, i)) };
}

function alignAt(opts: TextTableOptions, i: number): Align {
  return opts.align?.[i] ?? (i === 0 ? 'left' : 'right');
}

function columnWidths(header: string[], rows: string[][]): number[] {
  return header.map((h, i) =>
    maxOf(
      rows.map((r) => visibleWidth(r[i] ?? '')),
      visibleWidth(h),
    ),
  );
}

function tableWidth(widths: number[], opts: TextTableOptions): number {
  return visibleWidth(opts.indent ?? '') + widths.reduce((a, b) => a + b, 0) + 2 * Math.max(0, widths.length - 1);
}

function render(header: string[], rows: string[][], opts: TextTableOptions): string {
  const widths = columnWidths(header, rows);
  const line = (cells: string[]) =>
    (opts.indent ?? '') +
    cells
      .map((c, i) => pad(c ?? '', widths[i], alignAt(opts, i)))
      .join('  ')
      .trimEnd();
  const style = opts.styleHeader ?? ((s: string) => s);
  return [style(line(header)), ...rows.map(line)].join('\n');
}

function pad(s: string, width: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, width - visibleWidth(s)));
  return align === 'left' ? s + fill : fill + s;
}

/** A bold, fixed-width section label so values line up down a terminal summary. */
export function label(c: ChalkInstance, text: string): string {
  return c.bold(text.padEnd(10));
}
