import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { DEFAULT_REDIS_URL, joinRun, loadScenario } from '../../index.js';
import type { CliContext } from '../context.js';
import { parseDurationFlag, parseIntFlag } from './shared-options.js';

/**
 * Worker processes of a scenario's service that join a running game day's Redis queue (the
 * persistent strategy with `store: redis`), here or on another machine: the way to test a
 * multi-machine topology. Runs until that run ends.
 */
export function registerWorker(program: Command, ctx: CliContext): void {
  program
    .command('worker')
    .description("join a running game day's Redis queue with worker processes of its service (until the run ends)")
    .argument('<scenario>', 'the scenario file of the run to join (its service settings)')
    .option('--redis <url>', "the run's Redis", parseRedisUrl, DEFAULT_REDIS_URL)
    .option('--run <id>', 'the run id the run prints at start (default: the latest run of this scenario on that Redis)', parseRunId)
    .option('--processes <n>', 'worker processes, each with service.workers workers', parseIntFlag('--processes', 64, 1), 1)
    .option('--wait <duration>', 'how long to wait for the run to start, e.g. 30s (default: 30s)', parseDurationFlag('--wait', 1))
    .action(async (file: string, flags: { redis: string; run?: string; processes: number; wait?: number }) => {
      const s = loadScenario(file);
      const r = await joinRun(s, {
        redisUrl: flags.redis,
        runId: flags.run,
        processes: flags.processes,
        waitMs: flags.wait ?? 30_000,
        signal: ctx.signal,
        onJoined: (j) => ctx.stderr.write(`gameday worker: joined run ${j.runId} with ${j.processes} worker process(es); backend ${j.backend}\n`),
      });
      ctx.stdout.write(`run ${r.runId}: these workers completed ${r.counters.processed} job(s), failed ${r.counters.failed}\n`);
      ctx.exitCode = 0;
    });
}

function parseRedisUrl(v: string): string {
  if (!/^rediss?:\/\//.test(v)) throw new InvalidArgumentError(`--redis expects a URL like redis://127.0.0.1:6379, got ${JSON.stringify(v.slice(0, 80))}`);
  return v;
}

function parseRunId(v: string): string {
  if (!/^[0-9a-f]{8}$/.test(v))
    throw new InvalidArgumentError(`--run expects the 8-hex-digit run id a run prints at start, got ${JSON.stringify(v.slice(0, 80))}`);
  return v;
}
