import type { RunEvent } from '../index.js';
import { formatDuration } from '../index.js';
import { escapeTerminal as t } from '../report/escape.js';
import type { CliContext } from './context.js';
import { fitProgress } from './width.js';

const PLAIN_EVERY_MS = 5000;

/**
 * The live progress line: updated in place on a terminal, a plain line every few seconds
 * otherwise (CI logs). Written to stderr so `--json` output on stdout stays clean. Names, gate
 * expressions and fault details come from the scenario: each goes through escapeTerminal (t), so
 * only gameday's own line-clearing sequence reaches the terminal as one.
 */
export function progressPrinter(ctx: CliContext): (e: RunEvent) => void {
  const tty = Boolean(ctx.stderr.isTTY);
  let lastPlain = -Infinity;
  let scheduled = 0;
  let sim = false;
  const wallStart = performance.now();
  return (e) => {
    if (e.type === 'start') {
      scheduled = e.scheduled;
      sim = e.mode === 'sim';
      ctx.stderr.write(
        `gameday: ${t(e.scenario)} · ${t(e.strategy)} · ${e.mode} · ${e.scheduled} requests over ${formatDuration(e.trafficMs)} (+ up to ${formatDuration(e.drainMs)} drain)\n`,
      );
      if (e.queue) {
        ctx.stderr.write(
          `queue: ${t(e.queue.url)} under ${t(e.queue.prefix)} · join with: gameday worker <scenario> --redis ${t(e.queue.url)} --run ${t(e.queue.runId)}\n`,
        );
        const b = e.queue.backend;
        if (b) ctx.stderr.write(`joining workers call the mock at ${t(b.url)}${b.note ? ` (${t(b.note)})` : ''}\n`);
      }
    } else if (e.type === 'tick') {
      // A simulation's ticks come every 2 s of wall time: the time left, from how fast it went so far.
      const left =
        sim && e.sent > 0 ? ` · about ${formatDuration(Math.round(((performance.now() - wallStart) * (scheduled - e.sent)) / e.sent / 1000) * 1000)} left` : '';
      const line = tickLine(e, scheduled) + left;
      if (tty) ctx.stderr.write(`\r\x1b[2K${fitProgress(line, ctx.stderr)}`);
      else if (e.elapsedMs - lastPlain >= PLAIN_EVERY_MS) {
        lastPlain = e.elapsedMs;
        ctx.stderr.write(`${line}\n`);
      }
    } else if (e.type === 'fault') {
      ctx.stderr.write(`${tty ? '\r\x1b[2K' : ''}fault at ${formatDuration(e.atMs)}: ${t(e.kind)} — ${t(e.detail)}\n`);
    } else if (e.type === 'abort') {
      ctx.stderr.write(
        `${tty ? '\r\x1b[2K' : ''}abort at ${formatDuration(e.atMs)}: \`${t(e.expr)}\` (${t(e.detail)}) — stopping the traffic, draining briefly\n`,
      );
    } else if (e.type === 'phase' && e.name !== 'traffic-done' && !ctx.signal.aborted) {
      ctx.stderr.write(
        `${tty ? '\r\x1b[2K' : ''}${e.name === 'drained' ? 'drained' : 'drain window ended with work outstanding'} at ${formatDuration(e.atMs)}\n`,
      );
    }
  };
}

function tickLine(e: Extract<RunEvent, { type: 'tick' }>, scheduled: number): string {
  const secs = Math.max(e.elapsedMs / 1000, 1e-3);
  const phase =
    e.elapsedMs <= e.trafficMs ? `${formatDuration(e.elapsedMs)}/${formatDuration(e.trafficMs)}` : `drain +${formatDuration(e.elapsedMs - e.trafficMs)}`;
  return [
    `[${phase}]`,
    `sent ${e.sent} of ${scheduled} (${(e.sent / secs).toFixed(1)}/s${e.sent < e.targetSoFar ? `, ${e.targetSoFar - e.sent} behind schedule` : ''})`,
    `depth ${e.depth ?? '—'}`,
    `completed ${e.completed}`,
    `shed ${e.shed}`,
    `rejected ${e.rejected}`,
    `failed ${e.failed}`,
    `conn/timeout ${e.errors}`,
  ].join(' · ');
}
