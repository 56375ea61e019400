import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliWith, scenarioFile, tempDir } from '../helpers/cli.js';
import type { RunResult } from '../../src/index.js';

const SPIKE = new URL('../../scenarios/spike.yaml', import.meta.url).pathname;
const STAGING = new URL('../../examples/staging/game-day.yaml', import.meta.url).pathname;

const VALID = `name: t
traffic:
  phases:
    - { duration: 2s, rate: \${RATE:-10} }
    - { duration: 1s, rate: 20 }
service:
  strategy: reject-429
`;

describe('gameday init', () => {
  it('writes a commented starter scenario that validates, and never overwrites', async () => {
    const file = join(tempDir(), 'starter.yaml');
    const first = await cli('init', file);
    expect(first.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^# /m);
    expect((await cli('validate', file)).code).toBe(0);
    const again = await cli('init', file);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/starter\.yaml already exists/);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('its gates fail a run in which nothing completes, though nothing is lost', async () => {
    const file = join(tempDir(), 'starter.yaml');
    await cli('init', file);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^ {2}- completion_rate > 0%/m);
    writeFileSync(file, text.replace(/^faults: \[\]/m, 'faults: [{ at: 0s, kind: backend-outage, duration: 2m }]'));
    const r = await cli('run', file, '--mode', 'sim', '--out', tempDir(), '--json');
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout) as RunResult;
    expect(result.totals).toMatchObject({ completed: 0, lost: 0 });
    expect(result.gates.map((g) => [g.expr, g.pass])).toEqual([
      ['lost == 0', true],
      ['completion_rate > 0%', false],
    ]);
  });

  it('--service-url writes a scenario for your own service; a host beyond this machine is run only with --target', async () => {
    const file = join(tempDir(), 'mine.yaml');
    expect((await cli('init', file, '--service-url', 'http://127.0.0.1:3000/jobs')).code).toBe(0);
    const v = await cli('validate', file);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/your service at http:\/\/127\.0\.0\.1:3000\/jobs/);
    const farFile = join(tempDir(), 'far.yaml');
    expect((await cli('init', farFile, '--service-url', 'https://example.com/jobs')).code).toBe(0);
    const far = await cli('run', farFile, '--out', tempDir());
    expect(far.code).toBe(2);
    expect(far.stderr).toContain('service.url is on example.com:443, not this machine: gameday would send it the load; add --target example.com:443');
    const ftp = await cli('init', join(tempDir(), 'ftp.yaml'), '--service-url', 'ftp://127.0.0.1/jobs');
    expect(ftp.code).toBe(2);
    expect(ftp.stderr).toMatch(/--service-url "ftp:\/\/127\.0\.0\.1\/jobs": .*http or https/);
  });
});

describe('gameday plan', () => {
  it('shows every duration with its unit, in each form of a field that has several (a probe is http or command)', async () => {
    const r = await cliWith({ env: { STAGING_TOKEN: 'example' } }, 'plan', STAGING);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^      command: kubectl .*\n      timeout: 10s$/m);
    expect(r.stdout).not.toMatch(/timeout: \d+$/m);
  });

  it('prints scenarios/spike.yaml resolved, each phase with its arrivals, and a capacity forecast', async () => {
    const r = await cli('plan', SPIKE);
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout;
    // The resolved scenario: defaults filled, durations with their units.
    expect(out).toMatch(/^  drain: 30s$/m);
    expect(out).toMatch(/^    baseDelay: 100ms$/m);
    expect(out).toMatch(/^    lease: 5s$/m);
    // Each phase: start, length, rate, arrivals (50 + 1,000 + 250 = 1,300, as the plan builds them).
    expect(out).toMatch(/^  1 +0s +5s +10\/s +50 +10 +— +— *$/m);
    expect(out).toMatch(/^  2 +5s +10s +100\/s +1,000 +100 +\+83\.3\/s +≈813$/m);
    expect(out).toMatch(/^  3 +15s +5s +100 → 0\/s +250 +50 +\+33\.3\/s +≈173$/m);
    expect(out).toMatch(/^  total +1,300 +≈986$/m);
    expect(out).toMatch(/faults: none/);
    // 2 workers ÷ the log-normal mean of p50 100ms / p99 400ms (119ms) = 16.7/s.
    expect(out).toMatch(/capacity: 16\.7 requests\/s/);
    expect(out).toMatch(/workers +16\.7\/s +2 workers ÷ 119ms mean backend latency/);
    expect(out).toMatch(/the queue \(20 slots\) fills at 5\.24s, in phase 2/);
    expect(out).toMatch(/≈986 of 1,300 requests exceed capacity/);
  });

  it('shows an added-delay fault in the timeline with its units, and in the forecast', async () => {
    // One worker at 100 ms serves 10/s: 8/s fits, until a 0–200 ms jitter (mean 100 ms) halves it for 10 s.
    const body = `name: j\ntraffic: { phases: [{ duration: 20s, rate: 8 }], drain: 10s }\nservice: { strategy: reject-429, capacity: 20, workers: 1 }\nbackend: { latency: { p50: 100ms, p99: 100ms } }\n`;
    const calm = await cli('plan', scenarioFile(body));
    expect(calm.stdout).toMatch(/the queue \(20 slots\) never fills/);
    const r = await cli('plan', scenarioFile(`${body}faults:\n  - { at: 5s, kind: backend-jitter, duration: 10s, max: 200ms }\n`));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/faults:\n +5s +backend-jitter +\(duration 10s, min 0s, max 200ms\)/);
    expect(r.stdout).toMatch(/the queue \(20 slots\) fills at 11\.57s/);
  });

  it('lists the fault timeline in order and the backend rate limits among the capacities', async () => {
    const f = scenarioFile(
      `${VALID}backend: { rateLimits: { rpm: 300 } }\nfaults:\n  - { at: 2s, kind: crash-service }\n  - { at: 500ms, kind: backend-outage, duration: 1s, status: 503 }\n`,
    );
    const r = await cli('plan', f);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/faults:\n +500ms +backend-outage +\(duration 1s, status 503\)\n +2s +crash-service +\(restartAfter 2s\)/);
    expect(r.stdout).toMatch(/capacity: 5 requests\/s/);
    expect(r.stdout).toMatch(/▸ backend rpm +5\/s +300 requests per minute/);
  });
});

describe('--set and ${VAR}', () => {
  it('--set overrides any field on validate, plan and run, validated like the file', async () => {
    const f = scenarioFile(VALID);
    const v = await cli('validate', f, '--set', 'service.capacity=50', '--set', 'traffic.phases[1].rate=200');
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/ok — t: 220 requests over 3s/);
    expect(v.stdout).toMatch(/capacity 50/);
    const p = await cli('plan', f, '--set', 'backend.rateLimits.rpm=60');
    expect(p.stdout).toMatch(/▸ backend rpm +1\/s/);
    const out = tempDir();
    const run = await cli('run', f, '--mode', 'sim', '--quiet', '--out', out, '--set', 'traffic.phases[1].rate=0', '--set', 'traffic.phases[0].duration=1s');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')).totals.scheduled).toBe(10);
  });

  it('a bad --set names the path', async () => {
    const f = scenarioFile(VALID);
    const bad = async (spec: string, pattern: RegExp) => {
      const r = await cli('validate', f, '--set', spec);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(pattern);
    };
    await bad('service.capacity=lots', /--set service\.capacity: service\.capacity: Expected `capacity` to be a number, got "lots"/);
    await bad('traffic.phases[1].duration=5', /--set traffic\.phases\[1\]\.duration: .*bare number 5: write 5ms or 5s/);
    await bad('traffic.phases[5].rate=1', /--set traffic\.phases\[5\]\.rate: traffic\.phases has 2 items; \[5\] would leave a gap/);
    await bad('traffic.phases[2].rate=1', /--set traffic\.phases\[2\]\.rate: traffic\.phases\[2\]\.duration: Missing required field `duration`/);
    await bad('service.nope=1', /--set service\.nope: service: Unknown field `nope`|service: Unknown field `nope`/);
    // A typo before an index is the typo's, not a gap in a list the override would have made.
    await bad('traffic.phase[1].rate=50', /^gameday: --set traffic\.phase\[1\]\.rate: traffic: Unknown field `phase` \(did you mean `phases`\?\)$/m);
    await bad('traffic.phases[1].rat=50', /--set traffic\.phases\[1\]\.rat: traffic\.phases\[1\]: Unknown field `rat` \(did you mean `rate`\?\)/);
    await bad('service.worker=2', /--set service\.worker: service: Unknown field `worker` \(did you mean `workers`\?\)/);
    await bad('__proto__.x=1', /--set "__proto__\.x": not a field path/);
    await bad('capacity', /--set "capacity": expected path=value/);
  });

  it('${VAR} and ${VAR:-default} come from the environment; an unset one without default is named', async () => {
    const f = scenarioFile(VALID.replace('name: t', 'name: ${NAME}'));
    const withEnv = async (env: Record<string, string>) => {
      const saved = { ...process.env };
      Object.assign(process.env, env);
      try {
        return await cli('validate', f);
      } finally {
        for (const k of Object.keys(env)) if (saved[k] === undefined) delete process.env[k];
      }
    };
    const set = await withEnv({ NAME: 'from-env', RATE: '40' });
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/ok — from-env: 100 requests/); // 2s × 40 + 1s × 20
    delete process.env.NAME;
    delete process.env.RATE;
    const unset = await cli('validate', f);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toMatch(/scenario\.yaml:1: \$\{NAME\} is not set; export NAME=\.\.\. or give a default: \$\{NAME:-value\}/);
    const defaulted = scenarioFile(VALID.replace('name: t', 'name: ${NAME:-fallback}'));
    const d = await cli('validate', defaulted);
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/ok — fallback: 40 requests/); // RATE defaults to 10: 2s × 10 + 1s × 20
  });

  it('a variable in a comment line is left alone, and $${VAR} is a literal', async () => {
    const f = scenarioFile(`# needs \${NOT_SET_ANYWHERE}\n${VALID.replace('name: t', () => 'name: "$${LITERAL}"')}`);
    const r = await cli('validate', f);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ok — \$\{LITERAL\}:/);
  });

  it('run substitutes too', async () => {
    const dir = tempDir();
    const file = join(dir, 's.yaml');
    writeFileSync(file, VALID.replace('name: t', 'name: ${NOT_SET_HERE_EITHER}'));
    const r = await cli('run', file, '--mode', 'sim', '--out', join(dir, 'out'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\$\{NOT_SET_HERE_EITHER\} is not set/);
  });
});
