import type { ChalkInstance } from 'chalk';
import { verdictHead, verdictLine, type Verdict, type VerdictStatus } from '../../model/index.js';
import { makeChalk } from './palette.js';
import { escapeTerminalDeep } from './escape.js';
import { wrapLine } from './wrap.js';

/** Continuation lines of a long verdict sit under its words, after "verdict: ". */
const VERDICT_HANG = 'verdict: '.length;

/** A verdict line wrapped at the width (unset: one line, as a log parser may want it). */
function fit(line: string, width: number | undefined, hang = VERDICT_HANG): string {
  return width === undefined ? line : wrapLine(line, width, hang).join('\n');
}

/** Pass is green, fail red; a run that concluded nothing (invalid, interrupted, aborted) yellow. */
export function paintVerdict(c: ChalkInstance, status: VerdictStatus, s: string): string {
  if (status === 'pass') return c.green.bold(s);
  if (status === 'fail') return c.red.bold(s);
  return c.yellow.bold(s);
}

/** The terminal's last line: "verdict: FAIL — gate failed: lost == 0 (measured 12)". */
export function renderVerdictLine(v: Verdict, opts: { color: boolean; width?: number }): string {
  // The reasons quote gate expressions and what a service said: made inert before the colour.
  return fit(paintVerdict(makeChalk(opts.color), v.status, `verdict: ${verdictLine(escapeTerminalDeep(v))}`), opts.width);
}

/**
 * A comparison's verdict: its headline on the "verdict:" line, each detail once on a line of its
 * own below it (one strategy and one reason: the one line alone).
 */
export function renderVerdictBlock(v: Verdict, opts: { color: boolean; width?: number }): string {
  if (v.reasons.length <= 1) return renderVerdictLine(v, opts);
  const [head, ...details] = escapeTerminalDeep(v.reasons);
  const line = paintVerdict(makeChalk(opts.color), v.status, `verdict: ${verdictHead(v)} — ${head}`);
  return [fit(line, opts.width), ...details.map((d) => fit(`  - ${d}`, opts.width, 4))].join('\n');
}

export const VERDICT_EMOJI: Record<VerdictStatus, string> = {
  pass: '✅',
  fail: '❌',
  invalid: '⚠️',
  interrupted: '⏹️',
  aborted: '⛔',
  not_run: '⏸️',
};
