import type { ChalkInstance } from 'chalk';
import { verdictHead, verdictLine, type Verdict, type VerdictStatus } from '../model/index.js';
import { makeChalk } from './palette.js';
import { escapeTerminalDeep } from './escape.js';

/** Pass is green, fail red; a run that concluded nothing (invalid, interrupted, aborted) yellow. */
export function paintVerdict(c: ChalkInstance, status: VerdictStatus, s: string): string {
  if (status === 'pass') return c.green.bold(s);
  if (status === 'fail') return c.red.bold(s);
  return c.yellow.bold(s);
}

/** The terminal's last line: "verdict: FAIL — gate failed: lost == 0 (measured 12)". */
export function renderVerdictLine(v: Verdict, opts: { color: boolean }): string {
  // The reasons quote gate expressions and what a service said: made inert before the colour.
  return paintVerdict(makeChalk(opts.color), v.status, `verdict: ${verdictLine(escapeTerminalDeep(v))}`);
}

/**
 * A comparison's verdict: its headline on the "verdict:" line, each detail once on a line of its
 * own below it (one strategy and one reason: the one line alone).
 */
export function renderVerdictBlock(v: Verdict, opts: { color: boolean }): string {
  if (v.reasons.length <= 1) return renderVerdictLine(v, opts);
  const [head, ...details] = escapeTerminalDeep(v.reasons);
  const line = paintVerdict(makeChalk(opts.color), v.status, `verdict: ${verdictHead(v)} — ${head}`);
  return [line, ...details.map((d) => `  - ${d}`)].join('\n');
}

export const VERDICT_EMOJI: Record<VerdictStatus, string> = {
  pass: '✅',
  fail: '❌',
  invalid: '⚠️',
  interrupted: '⏹️',
  aborted: '⛔',
};
