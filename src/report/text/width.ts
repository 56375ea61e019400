/**
 * How wide the terminal renderers draw. Every terminal renderer takes a `width` in columns; the
 * CLI passes the one it learns from `widthFor`. Without one a renderer draws for DEFAULT_WIDTH.
 */

/**
 * The width when there is no terminal to ask (a pipe, a file, a CI log). 120 rather than 100: CI
 * log viewers are wide, and a sentence of up to 120 characters stays on one line, greppable whole.
 */
export const DEFAULT_WIDTH = 120;

/** Below this nothing useful fits (a chart needs its axis labels and some columns); a narrower request is drawn at this. */
export const MIN_WIDTH = 40;

/**
 * The width to draw for: `COLUMNS` when it holds a whole number (the usual override, e.g.
 * `COLUMNS=80` in CI), else the terminal's columns when the stream is a terminal, else
 * DEFAULT_WIDTH. Never below MIN_WIDTH.
 */
export function widthFor(stream: { isTTY?: boolean; columns?: number }, env: Record<string, string | undefined> = {}): number {
  const fromEnv = /^\d+$/.test(env.COLUMNS ?? '') ? Number(env.COLUMNS) : 0;
  const fromTerminal = stream.isTTY && Number.isInteger(stream.columns) ? stream.columns! : 0;
  return fitWidth(fromEnv || fromTerminal || DEFAULT_WIDTH);
}

/** A renderer's `width` option made usable: the default when absent, never below MIN_WIDTH. */
export function fitWidth(width: number | undefined): number {
  if (width === undefined || !Number.isFinite(width)) return DEFAULT_WIDTH;
  return Math.max(MIN_WIDTH, Math.floor(width));
}
