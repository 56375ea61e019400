import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, cli, scenarioFile, tempDir } from '../helpers/cli.js';

const VALID = `name: t
traffic:
  phases:
    - { duration: 1s, rate: 5 }
service:
  strategy: reject-429
`;

/** Bad input: exit 2, one line on stderr naming the problem, no stack trace, nothing written. */
async function expectBadInput(args: string[], pattern: RegExp) {
  const out = join(tempDir(), 'never-written');
  const r = await cli(...args, '--out', out);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack frames
  expect(existsSync(out)).toBe(false);
  return r;
}

describe('bad scenario files and flags', () => {
  it('malformed YAML says what to fix in plain words, at file:line:col, with the line and a caret', async () => {
    const f = scenarioFile('name: t\ntraffic: [unclosed\n');
    const r = await expectBadInput(['run', f], /scenario\.yaml:2:10: malformed YAML: the `\[` opened here is never closed: add `\]` where its value ends\n/);
    expect(r.stderr.split('\n').slice(1)).toEqual(['  2 | traffic: [unclosed', '    |          ^', '']);
    const alias = await cli('validate', scenarioFile('name: t\ntraffic: *phases\n'));
    expect(alias.code).toBe(2);
    expect(alias.stderr).toMatch(/scenario\.yaml:2:10: malformed YAML: `\*phases` refers to no anchor: set `&phases` on a value above it/);
    expect(alias.stderr).not.toMatch(/expand too far|\n\s+at /);
  });

  it('an unknown strategy names the field and lists the valid ones', async () => {
    const f = scenarioFile(VALID.replace('reject-429', 'fifo'));
    const r = await expectBadInput(['run', f], /service\.strategy: unknown strategy "fifo"; expected one of: .*reject-429/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    ['lease: 0ms', /service\.strategy\.lease: Expected at least 100ms, got 0ms: a lease shorter than that expires before a backend call can answer/],
    ['poll: 0ms', /service\.strategy\.poll: Expected at least 10ms, got 0ms: idle workers would look for work without pause/],
  ])('a durable queue driven by %s, which would never end, is refused', async (option, message) => {
    await expectBadInput(['run', scenarioFile(VALID.replace('strategy: reject-429', `strategy: { type: persistent, ${option} }`))], message);
  });

  const OWN = VALID.replace('  strategy: reject-429', '  url: http://127.0.0.1:3000/jobs');
  it.each([
    [VALID + '  delivery: { callback: true }\n', /service\.delivery: `delivery` is your own service's: it needs `service.url`/],
    [OWN + '  delivery: {}\n', /service\.delivery: Expected exactly one of `callback: true` or `status: "GET \/jobs\/\{id\}"`/],
    [OWN + '  delivery: { status: "GET /jobs/{id}" }\n', /service\.delivery\.done: Expected `done` with `status`/],
    [OWN + '  delivery: { status: "POST /jobs" , done: "$.s == 1" }\n', /service\.delivery\.status: Expected `status` like "GET \/jobs\/\{id\}"/],
    [OWN + '  delivery: { status: "GET /jobs/{id}", done: "state = done" }\n', /service\.delivery\.done: `done`: `state = done` is not a comparison like/],
    [OWN + '  delivery: { status: "GET /jobs/{id}", done: "$.s == 1", every: 0ms }\n', /service\.delivery\.every: Expected at least 20ms, got 0ms/],
    [
      OWN + '  metrics: { url: http://127.0.0.1:3000/metrics, map: { depth: queue_depth }, interval: 0ms }\n',
      /service\.metrics\.interval: Expected at least 50ms, got 0ms: your service would be asked for its metrics without pause/,
    ],
  ])('a delivery signal or a metrics poll gameday cannot use is refused, naming the field (%#)', async (text, message) => {
    await expectBadInput(['run', scenarioFile(text)], message);
  });

  it('the lag limit of earlier versions says what replaced it', async () => {
    const f = scenarioFile(VALID.replace('    - { duration: 1s, rate: 5 }', '    - { duration: 1s, rate: 5 }\n  tolerance: { lagP99: 10ms }'));
    const r = await expectBadInput(['run', f], /traffic\.tolerance\.lagP99: no longer used: a run is judged by what its lateness could do to its counts/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an unknown --strategy flag is reported the same way', async () => {
    await expectBadInput(['run', scenarioFile(VALID), '--strategy', 'nope'], /unknown strategy "nope"/);
  });

  it('a negative rate names the phase and the value', async () => {
    const f = scenarioFile(VALID.replace('rate: 5', 'rate: -5'));
    await expectBadInput(['run', f], /:4: traffic\.phases\[0\]\.rate: Expected `rate` to be >= 0, got -5/);
  });

  it('a missing required field is named', async () => {
    const f = scenarioFile('name: t\ntraffic:\n  phases:\n    - { duration: 1s, rate: 5 }\n');
    const r = await expectBadInput(['run', f], /service: Missing required field `service`/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a duration like "5 parsecs" is refused with the expected form', async () => {
    const f = scenarioFile(VALID.replace('duration: 1s', 'duration: 5 parsecs'));
    await expectBadInput(['run', f], /traffic\.phases\[0\]\.duration: Expected a duration like "400ms", "0.4s" or "2m", got "5 parsecs"/);
  });

  it('an unknown field is refused rather than ignored', async () => {
    const f = scenarioFile(VALID.replace('service:', 'servise: {}\nservice:'));
    await expectBadInput(['run', f], /Unknown field `servise`/);
  });

  it('an unknown flag exits 2', async () => {
    const r = await cli('run', scenarioFile(VALID), '--frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--frobnicate'/);
  });

  it('a bad flag value names the flag', async () => {
    const r = await cli('run', scenarioFile(VALID), '--mode', 'fast');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--mode expects live or sim, got "fast"/);
  });

  it('a missing scenario file is named', async () => {
    await expectBadInput(['run', '/nonexistent/x.yaml'], /Cannot read scenario \/nonexistent\/x\.yaml: ENOENT/);
  });

  it('validate accepts a good file and reports what it would offer', async () => {
    const r = await cli('validate', scenarioFile(VALID));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ok — t: 5 requests over 1s/);
  });

  it('validate checks every file it is given, and exits 2 if any is bad', async () => {
    const r = await cli('validate', '/nonexistent/x.yaml', scenarioFile(VALID));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Cannot read scenario \/nonexistent\/x\.yaml: ENOENT/);
    expect(r.stdout).toMatch(/scenario\.yaml: ok — t: 5 requests/);
  });

  it('the binary prints one line and no stack trace; --debug adds the trace', () => {
    const f = scenarioFile(VALID.replace('rate: 5', 'rate: -5'));
    const plain = bin(['validate', f]);
    expect(plain.code).toBe(2);
    expect(plain.stderr.trim().split('\n')).toHaveLength(1);
    const debug = bin(['validate', f, '--debug']);
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
  it("a problem is blamed on what wrote it: the unknown key's own line, a --set, a --strategy", async () => {
    const typo = scenarioFile(`${VALID}gatse: [lost == 0]\n`);
    await expectBadInput(['run', typo, '--mode', 'sim'], /scenario\.yaml:7: \(top level\): Unknown field `gatse`/);
    await expectBadInput(
      ['run', scenarioFile(VALID), '--mode', 'sim', '--set', 'service.wokers=3'],
      /^gameday: --set service\.wokers: service: Unknown field `wokers`/,
    );
    await expectBadInput(
      ['run', scenarioFile(VALID), '--mode', 'sim', '--strategy', 'rejct-429'],
      /^gameday: --strategy "rejct-429": service\.strategy: unknown strategy/,
    );
  });
});
