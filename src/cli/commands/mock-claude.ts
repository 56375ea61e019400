import type { Command } from 'commander';
import { ConfigError, MockClaude, RealClock, startMockServer } from '../../index.js';
import type { CliContext } from '../context.js';
import { parseDurationFlag, parseFractionFlag, parseIntFlag, parsePortFlag } from './shared-options.js';

/**
 * Serves the mock Claude Messages API on loopback until interrupted, so a user can point their
 * own service at it (ANTHROPIC_BASE_URL) and count what comes back.
 */
export function registerMockClaude(program: Command, ctx: CliContext): void {
  program
    .command('mock-claude')
    .description('serve the mock Claude Messages API on loopback (point ANTHROPIC_BASE_URL at it)')
    .option('--port <n>', 'port (0 = any free port)', parsePortFlag('--port'), 8787)
    .option('--p50 <duration>', 'median latency, e.g. 100ms (default: 100ms)', parseDurationFlag('--p50', 1), 100)
    .option('--p99 <duration>', '99th percentile latency, e.g. 400ms (default: 400ms)', parseDurationFlag('--p99', 1), 400)
    .option('--error-rate <fraction>', 'fraction of calls answered 500', parseFractionFlag('--error-rate'), 0)
    .option('--seed <n>', 'seed for latencies and token counts', parseIntFlag('--seed'), 1)
    .action(async (flags: { port: number; p50: number; p99: number; errorRate: number; seed: number }) => {
      if (flags.p99 < flags.p50) throw new ConfigError(`--p99 (${flags.p99}ms) must be >= --p50 (${flags.p50}ms)`, 'GD_ERR_USAGE');
      const clock = new RealClock();
      const model = new MockClaude(
        { latency: { p50: flags.p50, p99: flags.p99 }, outputTokens: { p50: 150, p99: 250 }, errorRate: flags.errorRate, model: 'mock' },
        { clock, seed: flags.seed, epochMs: clock.originEpochMs },
      );
      const server = await startMockServer(model, { port: flags.port });
      ctx.stdout.write(`mock Claude listening on ${server.url}\n  export ANTHROPIC_BASE_URL=${server.url}\n  (any API key is accepted; Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
      await server.close();
      const s = model.stats;
      ctx.stdout.write(
        `\nserved ${s.calls} Messages calls: ${s.ok} ok, by status ${JSON.stringify(s.byStatus)}; count_tokens ${s.countTokens ?? 0}; refused before any work (404/400) ${s.invalid ?? 0}\n`,
      );
      ctx.exitCode = 0;
    });
}
