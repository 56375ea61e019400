import type { RunEvent } from '../index.js';
import { formatDuration } from '../index.js';
import { escapeTerminal as t } from '../report/text/escape.js';
import type { CliContext } from './context.js';
import { fitProgress } from './width.js';

/** Without a terminal (a CI log), a plain progress line at most this often, of wall time: a long simulation or sweep is never silent for long. */
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
      // Wall time, not the run's: a simulation's run time races ahead of or lags behind the log's reader.
      else if (performance.now() - lastPlain >= PLAIN_EVERY_MS) {
        lastPlain = performance.now();
        ctx.stderr.write(`${line}\n`);
      }
    } else if (e.type === 'fault') {
      ctx.stderr.write(`${tty ? '\r\x1b[2K' : ''}fault at ${formatDuration(e.atMs)}: ${t(e.kind)} — ${t(e.detail)}\n`);
    } else if (e.type === 'steady-state') {
      const said = e.held ? 'held: the faults run' : 'did not hold: no fault runs, stopping the traffic, draining briefly';
      ctx.stderr.write(`${tty ? '\r\x1b[2K' : ''}steady state at ${formatDuration(e.atMs)} ${said} (${t(e.detail)})\n`);
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

type Tick = Extract<RunEvent, { type: 'tick' }>;

function tickLine(e: Tick, scheduled: number): string {
  const secs = Math.max(e.elapsedMs / 1000, 1e-3);
  const draining = e.elapsedMs > e.trafficMs;
  const phase = draining
    ? `drain +${formatDuration(e.elapsedMs - e.trafficMs)}, ${formatDuration(Math.max(0, e.drainEndsMs - e.elapsedMs))} left`
    : `${formatDuration(e.elapsedMs)}/${formatDuration(e.trafficMs)}`;
  return [
    `[${phase}]`,
    // Draining, the line leads with what the run waits for: a cut line keeps it.
    ...(draining ? drainWaits(e) : []),
    `sent ${e.sent} of ${scheduled} (${(e.sent / secs).toFixed(1)}/s${e.sent < e.targetSoFar ? `, ${e.targetSoFar - e.sent} behind schedule` : ''})`,
    ...(draining ? [] : [`depth ${e.depth ?? '—'}`]),
    `completed ${e.completed}`,
    `shed ${e.shed}`,
    `rejected ${e.rejected}`,
    `failed ${e.failed}`,
    `conn/timeout ${e.errors}`,
  ].join(' · ');
}

/**
 * What a drain waits for, one field each (a cut line keeps the first): the jobs the service still
 * holds, its calls in flight, and the accepted requests not yet finished (more than the first two:
 * work the service lost, or is still to hand over, keeps the run waiting until the window ends).
 */
function drainWaits(e: Tick): string[] {
  const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  return [
    `waiting for ${e.depth === null ? 'held jobs (not visible)' : plural(e.depth, 'held job')}`,
    e.inFlight === null ? 'calls in flight not visible' : `${plural(e.inFlight, 'call')} in flight`,
    `${e.pending} accepted unfinished`,
  ];
}

/**
 * A sweep's progress on stderr. On a terminal, one line redrawn as each point finishes. Without
 * one (a CI log), a plain line every PLAIN_EVERY_MS while points run, finished or not: points run
 * on worker threads and one can take longer than a log reader waits.
 */
export function sweepProgress(ctx: CliContext, total: number): { onPoint: (done: number) => void; stop: () => void } {
  const started = performance.now();
  let done = 0;
  if (ctx.stderr.isTTY)
    return {
      onPoint: (d) => void ctx.stderr.write(`\r\x1b[2Ksweep: ${(done = d)}/${total} points`),
      stop: () => void (done > 0 && ctx.stderr.write('\n')),
    };
  const timer = setInterval(() => {
    const elapsed = performance.now() - started;
    const left = done > 0 && done < total ? `, about ${formatDuration(Math.round((elapsed * (total - done)) / done / 1000) * 1000)} left` : '';
    ctx.stderr.write(`sweep: ${done} of ${total} points done after ${formatDuration(Math.round(elapsed / 1000) * 1000)}${left}\n`);
  }, PLAIN_EVERY_MS);
  timer.unref();
  return { onPoint: (d) => void (done = d), stop: () => clearInterval(timer) };
}

/** Before each live re-run of a sweep's frontier: which one, then that run's own progress lines. */
export function liveCheckProgress(ctx: CliContext): (k: number, of: number, point: string) => (e: RunEvent) => void {
  return (k, of, point) => {
    ctx.stderr.write(`live check ${k} of ${of}: ${t(point)}\n`);
    return progressPrinter(ctx);
  };
}
