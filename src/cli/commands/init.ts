import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { ConfigError, parseScenario, showValue } from '../../index.js';
import type { CliContext } from '../context.js';

const SCHEMA = fileURLToPath(new URL('../../../scenarios/schema.json', import.meta.url));

/** Writes a commented starter scenario that validates; never overwrites a file. */
export function registerInit(program: Command, ctx: CliContext): void {
  program
    .command('init')
    .description('write a commented starter scenario (never overwrites a file)')
    .argument('[file]', 'where to write it', 'scenario.yaml')
    .option('--service-url <url>', "drive your own service at this URL instead of gameday's (a host beyond this machine also needs run --target)")
    .action((file: string, flags: { serviceUrl?: string }) => {
      const text = starterScenario(flags.serviceUrl);
      try {
        parseScenario(text, file);
      } catch (err) {
        // Only the URL comes from outside the template; it is what a failure names.
        if (err instanceof ConfigError)
          throw new ConfigError(`--service-url ${showValue(flags.serviceUrl)}: ${err.message.split(': ').slice(2).join(': ')}`, 'GD_ERR_USAGE');
        throw err;
      }
      try {
        writeFileSync(file, text, { flag: 'wx' });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw new ConfigError(`${file} already exists; give another file name (init never overwrites)`, 'GD_ERR_USAGE');
        throw new ConfigError(`${file}: cannot write (${code ?? (err as Error).message})`, 'GD_ERR_USAGE');
      }
      // Your own service is driven over real HTTP: there is no virtual-time run of it.
      const next = flags.serviceUrl
        ? `gameday run ${file}              # drive your service (start it first)`
        : `gameday run ${file} --mode sim   # run it in virtual time`;
      ctx.stdout.write(`wrote ${file}\n  gameday plan ${file}      # what it will do\n  ${next}\n`);
      ctx.exitCode = 0;
    });
}

export function starterScenario(serviceUrl?: string): string {
  const service = serviceUrl
    ? `service:
  # Your own service: gameday POSTs each job to this URL (a host beyond this machine needs --target). It must call Claude at
  # the mock below (ANTHROPIC_BASE_URL=http://127.0.0.1:8787); completions are counted there.
  url: ${JSON.stringify(serviceUrl)}
backend:
  kind: mock
  port: 8787
  latency: { p50: 100ms, p99: 400ms }     # how long the mock takes to answer`
    : `service:
  strategy: reject-429      # what the queue does when full; gameday list shows them all
  capacity: 20              # queue slots
  workers: 2                # calls to the backend at once
backend:
  kind: mock                # the mock Claude API (kind: claude calls the real one)
  latency: { p50: 100ms, p99: 400ms }     # how long the mock takes to answer`;
  return `# yaml-language-server: $schema=${SCHEMA}
# A starter game day. Every duration carries its unit (400ms, 0.4s, 2m).
# Check it:  gameday validate <this file>    Predict it:  gameday plan <this file>
# Override without editing:  --set traffic.phases[1].rate=200, or \${VAR:-default} in a value.
name: starter
description: A steady warm-up, then a spike at about five times what two workers serve.
seed: 1                     # the same seed plans the same traffic
traffic:
  phases:
    - { duration: 10s, rate: \${WARMUP_RATE:-10} }   # requests per second
    - { duration: 10s, rate: 80 }        # the spike
    - { duration: 5s, rampTo: 0 }        # a linear ramp back down
  drain: 30s                # how long to wait for queued work after the last arrival
client:
  timeout: 30s
  retry: { policy: honor-retry-after, maxAttempts: 3 }
${service}
faults: []                  # e.g. - { at: 12s, kind: backend-outage, duration: 3s }
gates:                      # exit 1 unless every gate holds
  - lost == 0               # nothing silently dropped
  - completion_rate > 0%    # and work got done: a wrong path or a missing API key completes nothing
`;
}
