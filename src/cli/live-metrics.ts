import { ConfigError, formatDuration, type RunListener, type RunResult } from '../index.js';
import { MetricsEndpoint, RunMetrics, type Listen } from '../metrics/index.js';
import { escapeTerminal as t } from '../report/text/escape.js';
import type { CliContext } from './context.js';

/** After its last run a command serves the final figures this long at most: a Prometheus default scrape interval, so one scrape reads them. */
const DEFAULT_HOLD_MS = 60_000;

/** Checked before anything starts: a hold means nothing without an endpoint. */
export function checkMetricsFlags(flags: MetricsFlags): void {
  if (flags.metricsHold !== undefined && !flags.metricsPort)
    throw new ConfigError('--metrics-hold holds the metrics endpoint open: add --metrics-port <port>', 'GD_ERR_USAGE');
}

export interface MetricsFlags {
  metricsPort?: Listen;
  metricsHold?: number;
}

/** What a run command gives its runs when `--metrics-port` is set: its listeners, and a place for each run's totals. */
export type LiveMetrics = Pick<RunMetrics, 'onEvent' | 'onCompletion' | 'finish'>;

/**
 * Serves the command's runs as Prometheus metrics (`--metrics-port`) while `body` runs them, then
 * holds the final figures until a scrape has read them (at most `--metrics-hold`). Without the
 * flag, `body` gets undefined and nothing listens.
 */
export async function withLiveMetrics<T>(flags: MetricsFlags, ctx: CliContext, body: (metrics: LiveMetrics | undefined) => Promise<T>): Promise<T> {
  if (!flags.metricsPort) return body(undefined);
  const metrics = new RunMetrics();
  const endpoint = await MetricsEndpoint.open(metrics.registry, flags.metricsPort).catch((e: unknown) => {
    const why = e instanceof Error && 'code' in e ? String(e.code) : String(e);
    const { host, port } = flags.metricsPort!;
    throw new ConfigError(`--metrics-port: cannot listen on ${host}:${port} (${why}): choose a free port, or 0 for any`, 'GD_ERR_USAGE');
  });
  ctx.stderr.write(`metrics: ${t(endpoint.url)} (Prometheus text, labelled by run and strategy)\n`);
  const holdMs = flags.metricsHold ?? DEFAULT_HOLD_MS;
  try {
    // A metrics failure is said once and never stops the run: what the run measures does not depend on it.
    let said = false;
    const guarded =
      <A>(f: (a: A) => void) =>
      (a: A) => {
        try {
          f(a);
        } catch (e) {
          if (!said) ctx.stderr.write(`metrics: ${t(e instanceof Error ? e.message : String(e))} (the run goes on; its files are unaffected)\n`);
          said = true;
        }
      };
    const out = await body({
      onEvent: guarded(metrics.onEvent),
      onCompletion: guarded(metrics.onCompletion),
      finish: guarded((r: RunResult) => metrics.finish(r)),
    });
    endpoint.final();
    if (holdMs > 0 && !ctx.signal.aborted)
      ctx.stderr.write(
        `metrics: holding the final figures at ${t(endpoint.url)} until a scrape reads them (at most ${formatDuration(holdMs)}; Ctrl-C ends the wait)\n`,
      );
    return out;
  } finally {
    await endpoint.close(holdMs, ctx.signal);
  }
}

/** One listener for all of a run's: the progress line and the metrics, each optional. */
export function listeners(...each: (RunListener | undefined)[]): RunListener | undefined {
  const set = each.filter((l): l is RunListener => l !== undefined);
  if (set.length <= 1) return set[0];
  return (e) => {
    for (const l of set) l(e);
  };
}
