import type { ChalkInstance } from 'chalk';
import { verdictLine, type Verdict, type VerdictStatus } from '../model/index.js';
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

export const VERDICT_EMOJI: Record<VerdictStatus, string> = {
  pass: '✅',
  fail: '❌',
  invalid: '⚠️',
  interrupted: '⏹️',
  aborted: '⛔',
};
