import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIMITS, MAX_YAML_DEPTH } from '../../src/units/index.js';
import { bin, cli, scenarioFile, tempDir } from '../helpers/cli.js';

const VALID = `name: t
traffic:
  phases:
    - { duration: 5s, rate: 10 }
service:
  strategy: reject-429
`;

/** validate refuses it: exit 2, the message matching `pattern`, no stack trace. */
async function refused(text: string, pattern: RegExp, ...flags: string[]) {
  const r = await cli('validate', scenarioFile(text), ...flags);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at |looks like a bug/);
  return r;
}

describe('every input bounded before anything runs', () => {
  it.each([
    ['rate: 1e9', VALID.replace('rate: 10', 'rate: 1e9'), /traffic\.phases\[0\]\.rate: Expected `rate` to be <= 100,000, got 1000000000/],
    ['rampTo: 1e12', VALID.replace('rate: 10', 'rate: 10, rampTo: 1e12'), /traffic\.phases\[0\]\.rampTo: Expected `rampTo` to be <= 100,000/],
    [
      'burst: 2147483648',
      VALID.replace('- { duration: 5s, rate: 10 }', '- { burst: 2147483648 }'),
      /traffic\.phases\[0\]\.burst: Expected `burst` to be <= 5,000,000, got 2147483648/,
    ],
    [
      'workers: 100000000',
      VALID.replace('reject-429', 'reject-429\n  workers: 100000000'),
      /service\.workers: Expected `workers` to be <= 10,000, got 100000000/,
    ],
    ['capacity: 1e12', VALID.replace('reject-429', 'reject-429\n  capacity: 1e12'), /service\.capacity: Expected `capacity` to be <= 1,000,000/],
    [
      'egress burst: 0.5',
      VALID.replace('reject-429', 'reject-429\n  egress: { kind: token-bucket, rate: 5, burst: 0.5 }'),
      /service\.egress\.burst: Expected `egress\.burst` to be >= 1: a call takes one whole token/,
    ],
    [
      'maxAttempts: 1e9',
      `${VALID}client: { retry: { policy: naive, maxAttempts: 1000000000 } }\n`,
      /client\.retry\.maxAttempts: Expected `maxAttempts` to be <= 100/,
    ],
    [
      'crash-worker count: 1e9',
      `${VALID}faults: [{ at: 1s, kind: crash-worker, count: 1000000000 }]\n`,
      /faults\[0\]\.count: Expected `count` to be <= 10,000/,
    ],
    [
      'crash-worker count above workers',
      `${VALID}faults: [{ at: 1s, kind: crash-worker, count: 3 }]\n`,
      /faults\[0\]\.count: Expected `count` <= service\.workers \(2\), got 3/,
    ],
    ['latency.p50: 0ms', `${VALID}backend: { latency: { p50: 0ms, p99: 10ms } }\n`, /backend\.latency\.p50: Expected `latency\.p50` to be > 0, got "0ms"/],
    [
      'p99 < p50',
      `${VALID}backend: { latency: { p50: 200ms, p99: 100ms } }\n`,
      /backend\.latency\.p99: Expected `latency\.p99` >= `latency\.p50`, got "100ms"/,
    ],
    ['a duration past 24h', VALID.replace('5s', '25h'), /traffic\.phases\[0\]\.duration: Expected a duration <= 24h, got "25h"/],
    [
      'a run past 24h',
      VALID.replace('- { duration: 5s, rate: 10 }', '- { duration: 20h, rate: 0.01 }\n    - { duration: 5h, rate: 0.01 }'),
      /traffic\.phases: the run \(traffic 1500m \+ drain 30s\) would last 1500\.5m; the limit is 24h/,
    ],
    [
      'a fault after the run ends',
      `${VALID}faults: [{ at: 40s, kind: crash-service }]\n`,
      /faults\[0\]\.at: a fault at 40s would never fire: the run ends by 35s \(traffic 5s \+ drain 30s\)/,
    ],
    ['a fault without at', `${VALID}faults: [{ kind: crash-service }]\n`, /faults\[0\]\.at: Missing required field `at`/],
    ['.inf', `${VALID}backend: { errorRate: .inf }\n`, /backend\.errorRate: Expected `errorRate` to be a number, got \.inf/],
  ])('%s is refused, naming the field, its value and the limit', async (_name, text, pattern) => {
    await refused(text, pattern);
  });

  it('the plan size is counted from the phases, before any array is built', async () => {
    // 1h at 100,000/s: every field within its own bound, 360 million arrivals in all.
    const r = await refused(
      VALID.replace('duration: 5s, rate: 10', 'duration: 1h, rate: 100000'),
      /traffic\.phases: the phases plan 360,000,000 arrivals; the limit is 5,000,000/,
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(LIMITS.arrivals).toBe(5_000_000);
  });

  it('what retries could make of the plan is bounded too', async () => {
    await refused(
      `${VALID.replace('duration: 5s, rate: 10', 'duration: 1h, rate: 1000')}client: { retry: { policy: naive, maxAttempts: 100 } }\n`,
      /3,600,000 arrivals × 100 attempts could make 360,000,000 calls; the limit is 50,000,000/,
    );
  });

  it('an alias bomb and a much-reused anchor are bad input with the file and line, not a crash', async () => {
    const bomb = `${VALID}a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n`;
    await refused(bomb, /scenario\.yaml:8: YAML aliases expand too far; the limit is 100 alias expansions/);
    const reused = `${VALID.replace('name: t', 'name: &n t')}names:\n${'  - *n\n'.repeat(101)}`;
    await refused(reused, /scenario\.yaml:\d+: YAML aliases expand too far/);
  });

  it('YAML nested past the limit is refused at its line before the parser recurses, and the next file reads as usual', async () => {
    const limit = MAX_YAML_DEPTH;
    const past = new RegExp(`YAML nested deeper than ${limit} levels`);
    await refused(`${VALID}x: ${'['.repeat(10_000)}\n`, new RegExp(`scenario\\.yaml:7:${4 + limit - 1}: ${past.source}`));
    await refused(`${VALID}x: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`, past);
    await refused(`${VALID}x:\n  ${'- '.repeat(100_000)}v\n`, past);
    await refused(`${VALID}${Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')}\n`, past);
    await refused(`${VALID}x: &x [*x]\n`, past); // a list that holds itself: endless
    await refused(VALID, new RegExp(`--set "x": ${past.source}`), '--set', `x=${'['.repeat(10_000)}`);
    await refused(VALID, past, '--set', `${Array.from({ length: limit + 1 }, (_, i) => `k${i}`).join('.')}=1`);
    await refused(VALID, past, '--set', `${Array.from({ length: limit - 1 }, (_, i) => `k${i}`).join('.')}=[[1]]`);
    // At the limit, nesting is not what is refused (the unknown field is).
    const atLimit = await cli('validate', scenarioFile(`${VALID}x: ${'['.repeat(limit - 1)}${']'.repeat(limit - 1)}\n`));
    expect(atLimit.stderr).toMatch(/Unknown field `x`/);
    expect(atLimit.stderr).not.toMatch(past);
    // The process that refused them is whole: the next scenario validates.
    expect((await cli('validate', scenarioFile(VALID))).code).toBe(0);
  });

  it('a huge file is refused by size; a long value is never echoed back whole', async () => {
    await refused(`${VALID}description: ${'x'.repeat(2_000_000)}\n`, /the scenario is 2,000,\d+ bytes; the limit is 1,048,576 bytes/);
    const r = await refused(VALID.replace('rate: 10', `rate: "${'9'.repeat(900_000)}"`), /Expected `rate` to be a number, got "9{70,}… \(900,000 characters\)/);
    expect(r.stderr.length).toBeLessThan(400);
  });

  it('control and bidi characters are escaped, never echoed raw', async () => {
    const r = await refused(`${VALID}"evil\\u202efield\\u001b[31m": 1\n`, /Unknown field `evil\\u202efield\\u001b\[31m`/);
    // eslint-disable-next-line no-control-regex -- control characters are what this pattern finds
    expect(r.stderr).not.toMatch(/[\u202e\u001b]/);
  });

  it('a FIFO (or any non-regular file) is refused at once, never read', async () => {
    const fifo = join(tempDir(), 'scenario.fifo');
    execFileSync('mkfifo', [fifo]);
    const r = await cli('validate', fifo);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/scenario\.fifo: not a regular file/);
    expect((await cli('validate', tempDir())).stderr).toMatch(/not a regular file/);
  });

  it('mock-claude refuses a port past 65535 and a bare-number latency as bad input', async () => {
    const port = await cli('mock-claude', '--port', '70000');
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/--port expects a port from 0 to 65535, got "70000"/);
    const p50 = await cli('mock-claude', '--p50', '100');
    expect(p50.code).toBe(2);
    expect(p50.stderr).toMatch(/--p50: Expected a duration with a unit, got the bare number 100: write 100ms or 100s/);
  });

  it('the binary flushes a long stderr whole before it exits', () => {
    const bad = scenarioFile(VALID.replace('rate: 10', 'rate: -1'));
    const files = Array.from({ length: 700 }, () => bad);
    const r = bin(['validate', ...files]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(700); // > 64 KiB through a pipe
    expect(r.stderr.length).toBeGreaterThan(65_536);
    expect(lines.every((l) => /traffic\.phases\[0\]\.rate: Expected `rate` to be >= 0, got -1$/.test(l))).toBe(true);
  });
});

describe('one unit rule: every duration carries its unit', () => {
  it.each([
    ['a phase duration', VALID.replace('5s', '5'), /traffic\.phases\[0\]\.duration: Expected a duration with a unit, got the bare number 5: write 5ms or 5s/],
    ['drain', VALID.replace('rate: 10 }', 'rate: 10 }\n  drain: 30000'), /traffic\.drain: .*bare number 30000: write 30000ms or 30000s/],
    ['a latency', `${VALID}backend: { latency: { p50: 100, p99: 400ms } }\n`, /backend\.latency\.p50: .*bare number 100: write 100ms or 100s/],
    ['a fault time', `${VALID}faults: [{ at: 2, kind: crash-service }]\n`, /faults\[0\]\.at: .*bare number 2/],
    [
      'a strategy option',
      VALID.replace('strategy: reject-429', 'strategy: { type: persistent, lease: 400 }'),
      /service\.strategy\.lease: .*bare number 400: write 400ms or 400s/,
    ],
    ['a gate on a duration metric', `${VALID}gates: ['p99_latency < 300']\n`, /`p99_latency` is a duration and takes a unit: write 300ms or 300s/],
  ])('%s as a bare number is refused with the fix', async (_name, text, pattern) => {
    await refused(text, pattern);
  });

  it('a duration flag takes a unit too', async () => {
    const r = await cli('probe', scenarioFile(VALID), '--duration', '5');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--duration: Expected a duration with a unit, got the bare number 5: write 5ms or 5s/);
  });
});
