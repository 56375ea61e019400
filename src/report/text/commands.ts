import type { ChalkInstance } from 'chalk';
import { commandEnding, lastOutputLine, type CommandRecord, type RunResult } from '../../model/index.js';
import { escapeHtml, escapeMd } from './escape.js';
import { fmtMs } from './format.js';

// Your own commands in the reports (`command` faults, their undos, the rollbacks): each with its
// time and how it ended; one that failed is said as loudly as a lost request.

function line(c: CommandRecord): string {
  return `${fmtMs(c.at_ms)} ${c.role}: ${c.run} → ${commandEnding(c)}`;
}

/** The last line of a failed command's output: usually where it says why. */
function lastWords(c: CommandRecord): string {
  return c.ok ? '' : lastOutputLine(c.output);
}

/** The terminal section; empty without commands. */
export function commandLines(c: ChalkInstance, r: RunResult): string {
  if (!r.commands?.length) return '';
  const rows = r.commands.map((x) => (x.ok ? `  ✓ ${line(x)}` : c.red.bold(`  ✗ ${line(x)}`) + (lastWords(x) ? c.dim(`\n    ${lastWords(x)}`) : '')));
  return [c.bold('Your commands'), ...rows].join('\n');
}

export function commandsMarkdown(r: RunResult): string {
  if (!r.commands?.length) return '';
  const rows = r.commands.map((x) => `- ${x.ok ? '✅' : '❌ **'}${escapeMd(line(x))}${x.ok ? '' : '**'}${lastWords(x) ? ` — ${escapeMd(lastWords(x))}` : ''}`);
  return ['## Your commands', ...rows].join('\n');
}

export function commandsHtml(results: RunResult[]): string {
  const items = results.flatMap((r) =>
    (r.commands ?? []).map(
      (x) =>
        `<li class="${x.ok ? 'held' : 'deviated'}" data-ok="${x.ok}">${escapeHtml(line(x))}${lastWords(x) ? ` — <code>${escapeHtml(lastWords(x))}</code>` : ''}</li>`,
    ),
  );
  return items.length ? ['<h2>Your commands</h2>', `<ul class="commands">${items.join('')}</ul>`].join('\n') : '';
}
