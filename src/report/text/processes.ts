import type { ChalkInstance } from 'chalk';
import type { ProcessExitEvent, RunResult } from '../../model/index.js';
import { escapeHtml, escapeMd } from './escape.js';
import { fmtInt, fmtMs } from './format.js';
import { label } from './text-table.js';

// Your own service's managed processes in the reports: a process that exited on its own during
// the run is a line everywhere, never a silent gap in the timeline.

function exitText(x: ProcessExitEvent): string {
  const how = x.signal ? `killed by ${x.signal}` : `exit code ${x.code ?? '?'}`;
  return `${x.process} (instance ${x.instance}, pid ${x.pid}) exited on its own at ${fmtMs(x.at_ms)}: ${how}`;
}

function headline(r: RunResult): string | undefined {
  const m = r.managed_processes;
  if (!m) return undefined;
  const restarts = m.pids.length - Object.keys(m.logs).length;
  const logs = Object.values(m.logs);
  const where = logs.length ? ` · output in ${logs[0].replace(/[^/]+$/, '')}` : '';
  return `${fmtInt(Object.keys(m.logs).length)} managed instance(s), ${fmtInt(Math.max(0, restarts))} restart(s), all stopped at the end${where}`;
}

/** The terminal lines; empty without managed processes. */
export function processLines(c: ChalkInstance, r: RunResult): string {
  const head = headline(r);
  if (!head) return '';
  const exits = r.managed_processes!.unexpected_exits.map((x) => c.red.bold(`  ✗ ${exitText(x)}`));
  return [`${label(c, 'Processes')}${head}`, ...exits].join('\n');
}

export function processMarkdown(r: RunResult): string {
  const head = headline(r);
  if (!head) return '';
  const exits = r.managed_processes!.unexpected_exits.map((x) => `- **${escapeMd(exitText(x))}**`);
  return ['## Your processes', escapeMd(head) + '.', ...exits].join('\n\n');
}

export function processHtml(results: RunResult[]): string {
  const parts = results.flatMap((r) => {
    const head = headline(r);
    if (!head) return [];
    const exits = r.managed_processes!.unexpected_exits.map((x) => `<li>${escapeHtml(exitText(x))}</li>`);
    return [`<p>${escapeHtml(head)}.</p>`, exits.length ? `<div class="callout bad"><ul>${exits.join('')}</ul></div>` : ''];
  });
  return parts.length ? ['<h2>Your processes</h2>', ...parts].join('\n') : '';
}
