import { InvalidArgumentError, type Command } from 'commander';

export function parseIntFlag(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} expects a whole number >= 0, got ${JSON.stringify(v)}`);
    return n;
  };
}

export function parseTimeScale(v: string): number {
  const k = Number(v);
  if (!(k > 0) || !Number.isFinite(k)) throw new InvalidArgumentError(`--time-scale expects a number > 0, got ${JSON.stringify(v)}`);
  return k;
}

export function parseMode(v: string): 'live' | 'sim' {
  if (v !== 'live' && v !== 'sim') throw new InvalidArgumentError(`--mode expects live or sim, got ${JSON.stringify(v)}`);
  return v;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** The flags run and compare share: seed, mode, output and gates. */
export function addRunOptions(cmd: Command): Command {
  return cmd
    .option('--seed <n>', 'override the scenario seed', parseIntFlag('--seed'))
    .option('--time-scale <k>', 'multiply traffic phase durations and fault times by k (0.1 = a tenth as long; rates, latencies and drain unchanged)', parseTimeScale)
    .option('--mode <mode>', 'live (real HTTP, wall clock) or sim (virtual time, deterministic)', parseMode, 'live')
    .option('--out <dir>', 'where to write result.json, summary.md, report.html, junit.xml (default: a new reports/<time>-<random>-<scenario>-<strategy>, or -compare)')
    .option('--force', "let --out replace another run's files in that folder (it is emptied first)")
    .option('--gate <expr>', "a gate such as 'drop_rate < 0.01' (repeatable; adds to the scenario's gates)", collect)
    .option('--max-requests <n>', 'hard cap on real Claude API calls (backend kind claude)', parseIntFlag('--max-requests'))
    .option('--quiet', 'no progress and no summary; exit code and files only')
    .option('--json', 'print result.json to stdout instead of the summary');
}
