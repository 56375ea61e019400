import { createInterface } from 'node:readline';
import { ConfigError, forecast, formatDuration, remoteEndpoints, type Scenario } from '../index.js';
import { maxOf } from '../units/index.js';
import type { CliContext } from './context.js';

/** The flag that confirms load to a host beyond this machine without asking (CI). */
export const YES_FLAG = '--yes';

/**
 * Load to a host beyond this machine is said before it is sent: where, how fast at most, how
 * many and for how long. On a terminal the user confirms it; elsewhere nobody can, so the run
 * needs --yes (CI). Declining sends nothing and writes nothing.
 */
export async function confirmRemoteLoad(
  s: Scenario,
  yes: boolean | undefined,
  ctx: CliContext,
  closedLoop?: { connections: number; durationMs: number },
): Promise<void> {
  const remote = remoteEndpoints(s).filter((e) => e.field === 'service.url');
  if (remote.length === 0) return;
  const where = remote.map((e) => `${e.host}:${e.port}`).join(', ');
  const load = closedLoop
    ? `${closedLoop.connections.toLocaleString('en')} closed-loop callers, each sending its next job as soon as the last is answered, for ${formatDuration(closedLoop.durationMs)}`
    : openLoad(s);
  const insecure = s.service.tls?.insecure ? '; its certificate will not be checked (service.tls.insecure)' : '';
  ctx.stderr.write(`gameday will send load to ${where} (${s.service.url}): ${load}${insecure}\n`);
  if (yes) return;
  const stdin = ctx.stdin ?? process.stdin;
  if (!stdin.isTTY) throw new ConfigError(`nobody is at a terminal to confirm load to ${where}: add ${YES_FLAG} to send it (as in CI)`, 'GD_ERR_TARGET');
  const answer = await ask(stdin, ctx.stderr, 'Send it? [y/N] ');
  if (!/^y(es)?$/i.test(answer.trim())) throw new ConfigError(`not confirmed: nothing was sent to ${where}`, 'GD_ERR_TARGET');
}

/** The scenario's traffic in a line: its peak rate, how many requests, over how long. */
function openLoad(s: Scenario): string {
  const f = forecast(s);
  const peak = maxOf(
    f.phases.map((p) => Math.max(p.rateFrom, p.rateTo)),
    0,
  );
  const bursts = f.phases.reduce((n, p) => n + p.burst, 0);
  const total = Math.round(f.phases.reduce((n, p) => n + p.arrivals, 0));
  const trafficMs = f.phases.reduce((end, p) => Math.max(end, p.startMs + p.ms), 0);
  const retry = s.client.retry.policy === 'none' ? '' : ` (each up to ${s.client.retry.maxAttempts} attempts: client.retry ${s.client.retry.policy})`;
  const rate = `peak ${+peak.toFixed(1)} req/s${bursts ? ` and bursts of ${bursts.toLocaleString('en')} at once` : ''}`;
  return `${rate}, ${total.toLocaleString('en')} requests${retry} over ${formatDuration(trafficMs)}`;
}

function ask(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, question: string): Promise<string> {
  const rl = createInterface({ input, output, terminal: false });
  return new Promise((resolve) => {
    let answered = false;
    rl.once('line', (line) => {
      answered = true;
      rl.close();
      resolve(line);
    });
    rl.once('close', () => answered || resolve(''));
    output.write(question);
  });
}
