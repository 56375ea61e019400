import type { ChalkInstance } from 'chalk';
import type { RunResult } from '../../model/index.js';
import { fmtMs } from '../text/format.js';
import { textTable } from '../text/text-table.js';
import { gateRow, noRecoveryWords, probeRows } from '../text/truth-words.js';

/** The terminal's game-day sections: the hypothesis per window, and the event journal as a table. */
export function gameDaySections(c: ChalkInstance, r: RunResult, width?: number): string[] {
  return [hypothesisLines(c, r, width), journalLines(c, r, width)];
}

// The last column of both tables is text: too narrow, it wraps under its own column.
function hypothesisLines(c: ChalkInstance, r: RunResult, width?: number): string {
  const h = r.hypothesis;
  if (!h) return '';
  const rows = h.windows.map((w) => [
    w.name,
    `${fmtMs(w.from_ms)} – ${fmtMs(w.to_ms)}`,
    w.held ? c.green('held') : c.red('deviated'),
    w.checks.map((x) => `${x.held ? '✓' : '✗'} ${x.detail}`).join(' · '),
  ]);
  const gate = gateRow(h);
  if (gate) rows.unshift([gate.name, gate.span, gate.held === null ? c.yellow('not gated') : gate.held ? c.green('held') : c.red('did not hold'), gate.detail]);
  if (h.not_judged) rows.push(['after', '', c.yellow('not judged'), h.not_judged]);
  for (const p of probeRows(h)) rows.push([p.name, p.span, p.held ? c.green('held') : c.red('failed'), p.detail]);
  const back = h.recovered_after_ms !== null ? `recovered ${fmtMs(h.recovered_after_ms)} after the disturbance` : c.red(noRecoveryWords(r));
  return `${c.bold('Hypothesis')} ${c.dim(h.steady_state.join(', '))} — ${back}\n${textTable(['window', 'arrivals', 'result', 'measured'], rows, { indent: '  ', styleHeader: c.dim, align: ['left', 'right', 'left', 'left'], width, wrap: true })}`;
}

function journalLines(c: ChalkInstance, r: RunResult, width?: number): string {
  if (!r.events?.length) return '';
  const tone = (kind: string) => (kind === 'abort' || kind === 'crash' || kind === 'service-died' ? c.red(kind) : kind === 'recovery' ? c.green(kind) : kind);
  const rows = r.events.map((x) => [fmtMs(x.at_ms), tone(x.kind), x.detail]);
  return `${c.bold('Events')}\n${textTable(['run time', 'event', 'detail'], rows, { indent: '  ', styleHeader: c.dim, align: ['right', 'left', 'left'], width, wrap: true })}`;
}
