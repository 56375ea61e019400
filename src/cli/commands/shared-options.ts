import { InvalidArgumentError, type Command } from 'commander';
import { durationProblem, parseDuration, MAX_DURATION_MS, type Overrides } from '../../index.js';
import { declaredFiles } from '../../report/index.js';
import type { CliContext } from '../context.js';
import type { Listen } from '../../metrics/index.js';

/**
 * The number a flag's value writes in decimal ("42", "0.5", "1e3"), else NaN, which every parser
 * below refuses. Number() alone reads "" and " " as 0 (so `--seed ''` was seed 0) and "0x10" as 16.
 */
export function flagNumber(v: string): number {
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(v) ? Number(v) : NaN;
}

export function parseIntFlag(name: string, max = Number.MAX_SAFE_INTEGER, min = 0) {
  return (v: string): number => {
    const n = flagNumber(v);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`${name} expects a whole number from ${min} to ${max.toLocaleString('en')}, got ${JSON.stringify(v.slice(0, 80))}`);
    return n;
  };
}

/** A port: a whole number from 0 (any free port) to 65535. */
export function parsePortFlag(name: string) {
  return (v: string): number => {
    const n = flagNumber(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535)
      throw new InvalidArgumentError(`${name} expects a port from 0 to 65535, got ${JSON.stringify(v.slice(0, 80))}`);
    return n;
  };
}

/** `[host:]port` where gameday listens: loopback unless a host is written. */
export function parseListenFlag(name: string) {
  const port = parsePortFlag(name);
  return (v: string): Listen => {
    const m = /^(?:\[([0-9a-f:.]+)\]|([^:\s]+)):(.*)$/i.exec(v);
    if (!m) return { host: '127.0.0.1', port: port(v) };
    return { host: m[1] ?? m[2], port: port(m[3]) };
  };
}

/** A duration flag, with its unit like every duration ("400ms", "5s"); milliseconds out. */
export function parseDurationFlag(name: string, min = 0) {
  return (v: string): number => {
    const ms = parseDuration(v);
    if (ms === undefined) throw new InvalidArgumentError(`${name}: ${durationProblem(/^\d+(\.\d+)?$/.test(v) ? Number(v) : v)}`);
    if (ms > MAX_DURATION_MS || ms < min) throw new InvalidArgumentError(`${name} expects a duration from ${min}ms to 24h, got ${JSON.stringify(v)}`);
    return ms;
  };
}

export function parseFractionFlag(name: string) {
  return (v: string): number => {
    const x = flagNumber(v);
    if (!(x >= 0 && x <= 1)) throw new InvalidArgumentError(`${name} expects a fraction from 0 to 1, got ${JSON.stringify(v.slice(0, 80))}`);
    return x;
  };
}

export function parseTimeScale(v: string): number {
  const k = flagNumber(v);
  if (!(k > 0) || !Number.isFinite(k)) throw new InvalidArgumentError(`--time-scale expects a number > 0, got ${JSON.stringify(v)}`);
  return k;
}

export function parseMode(v: string): 'live' | 'sim' {
  if (v !== 'live' && v !== 'sim') throw new InvalidArgumentError(`--mode expects live or sim, got ${JSON.stringify(v)}`);
  return v;
}

/** A repeatable flag: each use adds its value. */
export const collect = (v: string, prev: string[] = []) => [...prev, v];

/** `--set path=value` (repeatable), for every command that reads a scenario. */
export function addSetOption(cmd: Command): Command {
  return cmd.option('--set <path=value>', 'override a scenario field, e.g. service.capacity=50 or traffic.phases[1].rate=200 (repeatable)', collect);
}

/** What a command passes to loadScenario besides its own flags: --set, and the environment for ${VAR}. */
export function scenarioInputs(flags: { set?: string[] }, ctx: CliContext): Pick<Overrides, 'set' | 'env'> {
  return { set: flags.set, env: ctx.env };
}

/** The flags run and compare share: seed, mode, output and gates. */
export function addRunOptions(cmd: Command): Command {
  return addSetOption(cmd)
    .option('--seed <n>', 'override the scenario seed', parseIntFlag('--seed'))
    .option(
      '--time-scale <k>',
      'multiply traffic phase durations and fault times by k (0.1 = a tenth as long; rates, latencies and drain unchanged)',
      parseTimeScale,
    )
    .option('--mode <mode>', 'live (real HTTP, wall clock) or sim (virtual time, deterministic)', parseMode, 'live')
    .option('--out <dir>', `where to write ${declaredFiles('run').join(', ')} (default: a new reports/<time>-<random>-<scenario>-<strategy>, or -compare)`)
    .option('--force', "let --out replace another run's files in that folder (it is emptied first)")
    .option('--gate <expr>', "a gate such as 'drop_rate < 0.01' (repeatable; adds to the scenario's gates)", collect)
    .option('--max-requests <n>', 'hard cap on real Claude API calls (backend kind claude)', parseIntFlag('--max-requests'))
    .option('--requests', "also record every request (id, priority, intended time, outcome, attempts, latency, answer) in result.json's `requests` section")
    .option(
      '--allow-remote-backend',
      'let the mock listen on a non-loopback backend.host (e.g. 0.0.0.0, for `gameday worker` on other machines): anyone who reaches it can call it',
    )
    .option(
      '--target <host[:port]>',
      "a host beyond this machine the run may reach: your service's (service.url) or a Redis queue's (repeatable; loopback needs none)",
      collect,
    )
    .option('--yes', 'send load to a --target host without asking (what will be sent is still printed); needed where no terminal can answer, as in CI')
    .option(
      '--metrics-port <[host:]port>',
      'serve live Prometheus metrics of the run at http://<host>:<port>/metrics (host 127.0.0.1 unless written; port 0: any free one)',
      parseListenFlag('--metrics-port'),
    )
    .option(
      '--metrics-hold <duration>',
      'with --metrics-port: after the run, keep serving its final figures until a scrape reads them, at most this long (default 1m, a Prometheus default scrape interval; 0s: stop at once)',
      parseDurationFlag('--metrics-hold'),
    )
    .option('--quiet', 'no progress and no summary; exit code and files only')
    .option('--json', 'print result.json to stdout instead of the summary');
}
