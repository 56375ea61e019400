import type { Command } from 'commander';
import { checkTargets, EXIT, loadScenario, preflight, probeCapacity } from '../../index.js';
import { confirmRemoteLoad } from '../confirm-targets.js';
import type { CliContext } from '../context.js';
import { collect, parseDurationFlag, parseIntFlag } from './shared-options.js';

export function registerProbe(program: Command, ctx: CliContext): void {
  program
    .command('probe')
    .description("closed-loop saturation run (autocannon) against the scenario's service: its sustainable throughput")
    .argument('<scenario>', 'scenario YAML file')
    .option('--strategy <name>', 'override the scenario strategy')
    .option('--duration <duration>', 'how long to saturate, e.g. 5s (default: 5s)', parseDurationFlag('--duration', 1))
    .option('--connections <n>', 'concurrent callers (default: 2 x workers)', parseIntFlag('--connections', 10_000, 1))
    .option('--target <host[:port]>', "a host beyond this machine the probe may reach: your service's (service.url) or a Redis queue's (repeatable)", collect)
    .option('--yes', 'probe a --target host without asking (what will be sent is still printed)')
    .option('--json', 'print the probe result as JSON')
    .action(async (file: string, flags: { strategy?: string; duration?: number; connections?: number; json?: boolean; target?: string[]; yes?: boolean }) => {
      const s = loadScenario(file, { strategy: flags.strategy, env: ctx.env });
      checkTargets(s, flags.target);
      preflight(s, 'live');
      await confirmRemoteLoad(s, flags.yes, ctx, { connections: flags.connections ?? 10, durationMs: flags.duration ?? 5000 });
      // SIGINT/SIGTERM stops the callers; what they measured until then is still printed, marked.
      const r = await probeCapacity(s, {
        durationS: (flags.duration ?? 5000) / 1000,
        connections: flags.connections,
        signal: ctx.signal,
        targets: flags.target,
        env: ctx.env,
      });
      if (flags.json) ctx.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      else {
        ctx.stdout.write(
          `${r.scenario} · ${r.strategy}: sustainable throughput ${r.throughput_rps} jobs/s ` +
            `${r.expected_rps === null ? `(completed at the mock: ${r.backend_ok})` : `(workers / mean backend latency = ${r.expected_rps}/s)`} with ${r.connections} closed-loop callers for ${r.duration_s}s; ` +
            `latency p50 ${r.latency_ms.p50} ms, p99 ${r.latency_ms.p99} ms; non-2xx ${r.non_2xx}, errors ${r.errors}\n`,
        );
        if (r.interrupted) ctx.stdout.write(`stopped by ${r.interrupted} after ${r.duration_s}s: the figures are over that time\n`);
      }
      ctx.exitCode = r.interrupted === 'SIGTERM' ? EXIT.terminated : r.interrupted ? EXIT.interrupted : EXIT.ok;
    });
}
