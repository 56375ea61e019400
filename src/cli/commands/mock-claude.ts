import { InvalidArgumentError, type Command } from 'commander';
import {
  BackendError,
  ConfigError,
  DEFAULT_MOCK_PORT,
  MOCK_API_KEY,
  checkMockHost,
  isLoopbackHost,
  reachableUrl,
  MockClaude,
  RealClock,
  loadScenario,
  serveScenarioMock,
  startMockServer,
  type MockExchange,
  type MockServer,
} from '../../index.js';
import { byteSizeProblem, formatByteSize, MAX_BODY_LIMIT, parseByteSize } from '../../units/byte-size.js';
import { DEFAULT_CLAUDE_MODEL } from '../../model/claude-models.js';
import { LIMITS } from '../../units/limits.js';
import type { CliContext } from '../context.js';
import { describeBackend, exchangeLine, limitsLine, listeningOn, servedLine } from './mock-claude-lines.js';
import { addSetOption, parseDurationFlag, parseFractionFlag, parseIntFlag, parsePortFlag, scenarioInputs } from './shared-options.js';

interface Flags {
  port?: number;
  host?: string;
  allowRemoteBackend?: boolean;
  p50?: number;
  p99?: number;
  errorRate: number;
  seed?: number;
  scenario?: string;
  atFirstRequest?: boolean;
  verbose?: boolean;
  set?: string[];
  maxBody?: number;
  maxConnections?: number;
}

/** `--max-body 32MB` (or a byte count): bytes out. */
function parseMaxBody(v: string): number {
  const bytes = parseByteSize(v);
  if (bytes === undefined) throw new InvalidArgumentError(`--max-body: ${byteSizeProblem(v)}`);
  if (bytes < 1 || bytes > MAX_BODY_LIMIT)
    throw new InvalidArgumentError(`--max-body expects a size from 1 byte to ${formatByteSize(MAX_BODY_LIMIT)}, got ${JSON.stringify(v)}`);
  return bytes;
}

/** Flags that describe the backend by hand: a scenario describes it whole instead. */
const HAND_FLAGS = [
  ['p50', '--p50', 'backend.latency.p50'],
  ['p99', '--p99', 'backend.latency.p99'],
  ['errorRate', '--error-rate', 'backend.errorRate'],
] as const;

/**
 * Serves the mock Claude Messages API (on loopback unless --host) until interrupted, so a user can point their
 * own service at it (ANTHROPIC_BASE_URL) and count what comes back: from a few flags, or a
 * scenario's whole backend section with its fault timeline (`--scenario`).
 */
export function registerMockClaude(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('mock-claude')
    .description('serve the mock Claude Messages API, on loopback unless --host (point ANTHROPIC_BASE_URL at it)')
    .option('--scenario <file>', "serve this scenario's backend section: latency, rate limits, capacity, spend limit, streaming, auth and its backend faults")
    .option('--at-first-request', 'with --scenario: start the fault timeline at the first request instead of at once')
    .option('--verbose', 'print one line per call: time on the timeline, method, path, status, error type, duration, request-id')
    .option('--port <n>', 'port (0 = any free port; default: backend.port with --scenario, else 8787)', parsePortFlag('--port'))
    .option('--host <addr>', 'address to listen on (default: backend.host with --scenario, else 127.0.0.1); anything but loopback needs --allow-remote-backend')
    .option('--allow-remote-backend', 'let --host (or backend.host) be a non-loopback address such as 0.0.0.0: anyone who reaches it can call the mock')
    .option('--p50 <duration>', 'median latency, e.g. 100ms (default: 100ms)', parseDurationFlag('--p50', 1))
    .option('--p99 <duration>', '99th percentile latency, e.g. 400ms (default: 400ms)', parseDurationFlag('--p99', 1))
    .option('--error-rate <fraction>', 'fraction of calls answered 500', parseFractionFlag('--error-rate'), 0)
    .option('--seed <n>', "seed for latencies and token counts (default: the scenario's, else 1)", parseIntFlag('--seed'))
    .option(
      '--max-body <size>',
      "largest request body, e.g. 1MB or 1048576 (bytes), on every route; larger ones get 413 request_too_large (default: backend.maxBody with --scenario, else the API's own: 32 MB, 256 MB to create a batch)",
      parseMaxBody,
    )
    .option(
      '--max-connections <n>',
      'connections open at once; more are closed unanswered (default: backend.maxConnections with --scenario, else 65536)',
      parseIntFlag('--max-connections', LIMITS.capacity, 1),
    );
  addSetOption(cmd).action(async (flags: Flags) => {
    const onExchange = flags.verbose ? (e: MockExchange) => void ctx.stdout.write(`${exchangeLine(e)}\n`) : undefined;
    const served = flags.scenario !== undefined ? await serveScenario(cmd, flags, ctx, onExchange) : await serveFlags(flags, onExchange);
    ctx.stdout.write(`${served.banner}\n`);
    await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
    await served.server.close();
    ctx.stdout.write(`\n${servedLine(served.stats(), served.server.activity().refusedConnections)}\n`);
    ctx.exitCode = 0;
  });
}

interface Served {
  server: MockServer;
  banner: string;
  stats: () => MockClaude['stats'];
}

async function serveScenario(cmd: Command, flags: Flags, ctx: CliContext, onExchange?: (e: MockExchange) => void): Promise<Served> {
  for (const [key, flag, field] of HAND_FLAGS) {
    if (cmd.getOptionValueSource(key) === 'cli')
      throw new ConfigError(`${flag} does not combine with --scenario: the scenario describes the backend (set ${field}, or --set ${field}=…)`, 'GD_ERR_USAGE');
  }
  const s = loadScenario(flags.scenario!, { ...scenarioInputs(flags, ctx), seed: flags.seed });
  const mock = await listening(flags.port ?? s.backend.port ?? DEFAULT_MOCK_PORT, (port) =>
    serveScenarioMock(s, {
      port,
      host: flags.host,
      allowRemoteBackend: flags.allowRemoteBackend,
      atFirstRequest: flags.atFirstRequest,
      onExchange,
      maxBody: flags.maxBody,
      maxConnections: flags.maxConnections,
    }),
  );
  const key = s.backend.auth === 'required' ? `export ANTHROPIC_API_KEY=${MOCK_API_KEY}` : '(any API key is accepted)';
  const banner = [
    `mock Claude for scenario "${s.name}" listening on ${listeningOn(mock)}`,
    `  export ANTHROPIC_BASE_URL=${mock.url}`,
    ...fromElsewhere(flags.host ?? s.backend.host, mock.port),
    `  ${key}`,
    `  ${limitsLine(flags.maxBody ?? s.backend.maxBody, flags.maxConnections ?? s.backend.maxConnections)}`,
    ...describeBackend(s, mock.timeline, flags.atFirstRequest === true).map((l) => `  ${l}`),
    '  Ctrl-C to stop',
  ];
  return { server: mock, banner: banner.join('\n'), stats: () => mock.stats() };
}

async function serveFlags(flags: Flags, onExchange?: (e: MockExchange) => void): Promise<Served> {
  if (flags.atFirstRequest) throw new ConfigError('--at-first-request needs --scenario: the fault timeline comes from a scenario', 'GD_ERR_USAGE');
  if (flags.set?.length) throw new ConfigError('--set needs --scenario: it overrides a field of the scenario', 'GD_ERR_USAGE');
  const { p50 = 100, p99 = 400 } = flags;
  if (p99 < p50) throw new ConfigError(`--p99 (${p99}ms) must be >= --p50 (${p50}ms)`, 'GD_ERR_USAGE');
  const host = flags.host ?? '127.0.0.1';
  checkMockHost(host, flags.allowRemoteBackend ?? false, '--host', 'leave --host out');
  const clock = new RealClock();
  const model = new MockClaude(
    { latency: { p50, p99 }, outputTokens: { p50: 150, p99: 250 }, errorRate: flags.errorRate, model: DEFAULT_CLAUDE_MODEL },
    { clock, seed: flags.seed ?? 1, epochMs: clock.originEpochMs },
  );
  const limits = { maxBody: flags.maxBody, maxConnections: flags.maxConnections };
  const server = await listening(flags.port ?? DEFAULT_MOCK_PORT, (port) => startMockServer(model, { host, port, watcher: { clock, onExchange }, ...limits }));
  const banner = [
    `mock Claude listening on ${listeningOn(server)}`,
    `  export ANTHROPIC_BASE_URL=${server.url}`,
    ...fromElsewhere(host, server.port),
    `  ${limitsLine(limits.maxBody, limits.maxConnections)}`,
    '  (any API key is accepted; Ctrl-C to stop)',
  ].join('\n');
  return { server, banner, stats: () => model.stats };
}

/** For a non-loopback address: the URL another machine calls, and how it was chosen. */
function fromElsewhere(host: string, port: number): string[] {
  if (isLoopbackHost(host)) return [];
  const { url, note } = reachableUrl(host, port);
  return [`  from another machine: ${url}${note ? ` (${note})` : ''}`];
}

/** A port already taken is the user's to change: exit 2 naming the flag, not a failure of gameday. */
async function listening<T>(port: number, start: (port: number) => Promise<T>): Promise<T> {
  try {
    return await start(port);
  } catch (e) {
    if (e instanceof BackendError && /EADDRINUSE|EACCES/.test(e.message))
      throw new ConfigError(`--port ${port}: ${e.message}; pick a free port, or --port 0 for any`, 'GD_ERR_USAGE');
    if (e instanceof BackendError && /EADDRNOTAVAIL|ENOTFOUND|EAI_AGAIN/.test(e.message))
      throw new ConfigError(`${e.message}: not an address of this machine; give --host (or backend.host) one of its addresses, or 0.0.0.0`, 'GD_ERR_USAGE');
    throw e;
  }
}
