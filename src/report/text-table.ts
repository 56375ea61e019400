import type { ChalkInstance } from 'chalk';
import { maxOf } from '../model/index.js';
import { visibleWidth } from './escape.js';

export type Align = 'left' | 'right';

export interface TextTableOptions {
  /** Alignment per column; defaults to left for the first column and right for the rest (numbers). */
  align?: Align[];
  /** Prefix of every line. */
  indent?: string;
  /** Styles the header row (e.g. dim or bold); identity by default. */
  styleHeader?: (s: string) => string;
}

/**
 * A plain column-aligned text table. Cells may already carry ANSI colour: widths are measured
 * without it, so coloured and plain output line up the same.
 */
export function textTable(header: string[], rows: string[][], opts: TextTableOptions = {}): string {
  const widths = header.map((h, i) =>
    maxOf(
      rows.map((r) => visibleWidth(r[i] ?? '')),
      visibleWidth(h),
    ),
  );
  const align = (i: number): Align => opts.align?.[i] ?? (i === 0 ? 'left' : 'right');
  const line = (cells: string[]) =>
    (opts.indent ?? '') +
    cells
      .map((c, i) => pad(c ?? '', widths[i], align(i)))
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
