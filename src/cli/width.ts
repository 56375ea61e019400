import { widthFor } from '../report/text/width.js';
import { truncate } from '../report/text/wrap.js';
import type { CliContext } from './context.js';

type Stream = CliContext['stdout'] & { columns?: number };

/**
 * The width the reports are drawn at on `stream` (stdout by default): COLUMNS, else the
 * terminal's columns, else 120 for a pipe or a CI log (report/width.ts says why).
 */
export function outputWidth(ctx: CliContext, stream: Stream = ctx.stdout): number {
  return widthFor(stream, ctx.env);
}

/**
 * The live progress line cut to one terminal row. A carriage return goes back to the start of
 * the row the cursor is on: a line the terminal wrapped leaves its first rows behind on every
 * redraw, a trail of one line per tick. One column is kept free, since a line filling the last
 * column leaves some terminals waiting to wrap. Whole `·` fields are kept while they fit, then ….
 */
export function fitProgress(line: string, stream: Stream): string {
  const room = (Number.isInteger(stream.columns) && stream.columns! > 1 ? stream.columns! : 80) - 1;
  if (line.length <= room) return line;
  const fields = line.split(' · ');
  let kept = fields[0];
  for (const f of fields.slice(1)) {
    if (`${kept} · ${f} …`.length > room) break;
    kept = `${kept} · ${f}`;
  }
  return kept.length + 2 <= room ? `${kept} …` : truncate(line, room);
}
