/**
 * `gameday mock-claude --scenario`, as a user runs it: the built binary in its own process, found
 * through the export line it prints, called by the real SDK, stopped with Ctrl-C (SIGINT).
 * Needs `npm run build`.
 */
import Anthropic from '@anthropic-ai/sdk';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bin, cli, scenarioFile } from '../helpers/cli.js';

const BIN = join(new URL('../../', import.meta.url).pathname, 'bin/gameday.js');
const MODEL = 'claude-haiku-5-5';
const ask = { model: MODEL, max_tokens: 32, messages: [{ role: 'user' as const, content: 'gameday-request-id: gd-0a1b2c3d-1\nhi' }] };

const scenario = (backend: string, faults = '[]') => `name: mock-only
traffic:
  phases: [{ duration: 5s, rate: 1 }]
service:
  url: http://127.0.0.1:3000/jobs
backend:
${backend}
faults: ${faults}
`;

interface Served {
  child: ChildProcess;
  url: string;
  out: () => string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** Starts the binary and waits for its `export ANTHROPIC_BASE_URL=…` line. */
async function serve(...args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'mock-claude', '--port', '0', ...args], {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.resume();
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const m = /export ANTHROPIC_BASE_URL=(\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    void exited.then((code) => reject(new Error(`mock-claude exited ${code} before listening:\n${out}`)));
  });
  return { child, url, out: () => out, exited };
}

/** The `--verbose` lines printed so far. */
const callLines = (out: string) => out.split('\n').filter((l) => /^\+\d+\.\d{3}s (POST|GET) \//.test(l));

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('gameday mock-claude --scenario', () => {
  it("serves the scenario's rate limit: past it, a RateLimitError with retry-after and the ratelimit headers; one --verbose line per call", async () => {
    // 6 a minute, 20 s of burst: the first two calls pass at once, the third is refused (one comes back every 10 s).
    const file = scenarioFile(scenario('  latency: { p50: 5ms, p99: 10ms }\n  rateLimits: { rpm: 6, burst: 20s }'));
    const mock = await serve('--scenario', file, '--verbose');
    expect(mock.out()).toContain('rate limits: 6 requests per minute');
    const client = new Anthropic({ apiKey: 'any', baseURL: mock.url, maxRetries: 0 });
    const statuses: number[] = [];
    let refused: InstanceType<typeof Anthropic.RateLimitError> | undefined;
    for (let k = 0; k < 3; k++) {
      await client.messages.create(ask).then(
        () => statuses.push(200),
        (e: unknown) => {
          if (!(e instanceof Anthropic.RateLimitError)) throw e;
          refused = e;
          statuses.push(429);
        },
      );
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(Number(refused!.headers!.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused!.headers!.get('anthropic-ratelimit-requests-limit')).toBe('6');
    expect(refused!.headers!.get('anthropic-ratelimit-requests-remaining')).toBe('0');
    expect(refused!.headers!.get('anthropic-ratelimit-tokens-limit')).toMatch(/^\d+$/);
    expect(refused!.requestID).toMatch(/^req_/);

    await until(() => callLines(mock.out()).length >= 3);
    const lines = callLines(mock.out());
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => l.split(' ').slice(1, 4).join(' '))).toEqual(['POST /v1/messages 200', 'POST /v1/messages 200', 'POST /v1/messages 429']);
    expect(lines[2]).toMatch(/ rate_limit_error \d+ms req_\w+$/);

    mock.child.kill('SIGINT');
    expect(await mock.exited).toBe(0);
    expect(mock.out()).toContain('served 3 Messages calls: 2 ok, by status: 200: 2, 429: 1;');
  });

  it('starts the fault timeline at the first request with --at-first-request, at once without it', async () => {
    const file = scenarioFile(scenario('  latency: { p50: 5ms, p99: 10ms }', '[{ at: 1s, kind: backend-outage, duration: 1h }]'));
    const atStart = await serve('--scenario', file);
    const atFirst = await serve('--scenario', file, '--at-first-request');
    expect(atFirst.out()).toContain('backend faults (from the first request): backend-outage 1s–');
    await sleep(1_500);
    const call = (url: string) =>
      new Anthropic({ apiKey: 'any', baseURL: url, maxRetries: 0 }).messages.create(ask).then(
        () => 200,
        (e: InstanceType<typeof Anthropic.APIError>) => e.status,
      );
    // 1.5 s after it started, the outage is open; the first request is time 0 of the other's timeline.
    expect(await call(atStart.url)).toBe(529);
    expect(await call(atFirst.url)).toBe(200);
    await sleep(1_200);
    expect(await call(atFirst.url)).toBe(529);
    for (const m of [atStart, atFirst]) m.child.kill('SIGINT');
    expect(await Promise.all([atStart.exited, atFirst.exited])).toEqual([0, 0]);
  });

  it('prints the key to export under backend.auth: required, and refuses a wrong one with 401', async () => {
    const mock = await serve('--scenario', scenarioFile(scenario('  auth: required')));
    expect(mock.out()).toContain('export ANTHROPIC_API_KEY=gameday-mock');
    const wrong = new Anthropic({ apiKey: 'sk-wrong', baseURL: mock.url, maxRetries: 0 });
    await expect(wrong.messages.create(ask)).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
    const right = new Anthropic({ apiKey: 'gameday-mock', baseURL: mock.url, maxRetries: 0 });
    await expect(right.messages.create(ask)).resolves.toMatchObject({ type: 'message' });
    mock.child.kill('SIGINT');
    expect(await mock.exited).toBe(0);
  });

  it('refuses bad flags with exit 2 naming the flag: a port out of range, a port in use, hand flags next to --scenario', async () => {
    const file = scenarioFile(scenario('  latency: { p50: 5ms, p99: 10ms }'));
    const range = bin(['mock-claude', '--scenario', file, '--port', '99999']);
    expect(range.code).toBe(2);
    expect(range.stderr).toMatch(/--port expects a port from 0 to 65535, got "99999"/);
    expect(range.stderr).not.toMatch(/\n\s+at /);

    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as { port: number }).port;
    try {
      const busy = await cli('mock-claude', '--scenario', file, '--port', String(port));
      expect(busy.code).toBe(2);
      expect(busy.stderr).toMatch(new RegExp(`--port ${port}: .*EADDRINUSE.*--port 0`));
    } finally {
      taken.close();
    }

    const mixed = await cli('mock-claude', '--scenario', file, '--p50', '10ms');
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/--p50 does not combine with --scenario.*backend\.latency\.p50/);
    const alone = await cli('mock-claude', '--at-first-request');
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--at-first-request needs --scenario/);
    const real = await cli('mock-claude', '--scenario', scenarioFile(scenario('  kind: claude\n  maxRequests: 5')));
    expect(real.code).toBe(2);
    expect(real.stderr).toMatch(/backend\.kind is claude/);
  });
});
