/**
 * The hypothesis' probes of the service itself: an HTTP endpoint (status and a JSON condition) and
 * a command. Checked where the disturbance starts (a failing one calls the experiment off) and when
 * the run has drained (a failing one fails the run). The endpoint is the test's own, so what it was
 * asked, and when, is checked too.
 */
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, scenarioFile, tempDir } from '../helpers/cli.js';
import { parseScenario, runScenario } from '../../src/index.js';
import { readFileSync } from 'node:fs';

let server: Server | undefined;
afterEach(() => void server?.close());

/** A health endpoint answering each GET with the next of `answers` (the last one repeats); returns its URL and what it was asked. */
async function health(answers: { status: number; body: unknown }[]): Promise<{ url: string; asked: number[] }> {
  const asked: number[] = [];
  server = createServer((_req, res) => {
    const a = answers[Math.min(asked.length, answers.length - 1)];
    asked.push(Date.now());
    res.writeHead(a.status, { 'content-type': 'application/json' }).end(JSON.stringify(a.body));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`, asked };
}

const SCENARIO = (probes: string) => `name: probes
traffic: { phases: [{ duration: 4s, rate: 5 }], drain: 2s }
service: { strategy: reject-429, capacity: 10, workers: 2, process: in-process }
backend: { latency: { p50: 20ms, p99: 50ms } }
faults: [{ at: 2s, kind: backend-latency, duration: 1s, factor: 3 }, { at: 2500ms, kind: crash-worker }]
hypothesis:
  steadyState: ["drop_rate == 0"]
  window: 1s
  probes: ${probes}
`;

const OK = { status: 200, body: { status: 'ok' } };

async function run(probes: string, prepare?: (dir: string) => void) {
  const file = scenarioFile(SCENARIO(probes));
  prepare?.(dirname(file));
  const out = tempDir();
  const r = await cli('run', file, '--mode', 'live', '--out', out);
  return { ...r, result: JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')), out };
}

describe('probes of the service in the hypothesis', () => {
  it('held before and after: asked twice, where the disturbance starts and once the run has drained; the run passes', async () => {
    const h = await health([OK]);
    const { code, result } = await run(
      `[{ name: health, http: { url: "${h.url}", json: "$.status == 'ok'" } }, { name: ready, command: "test -f ready.txt" }]`,
      (dir) => writeFileSync(join(dir, 'ready.txt'), ''),
    );
    expect(h.asked).toHaveLength(2);
    expect(result.hypothesis.gate.held).toBe(true);
    expect(result.hypothesis.probes.map((p: { name: string; when: string; held: boolean }) => [p.name, p.when, p.held])).toEqual([
      ['health', 'before', true],
      ['ready', 'before', true],
      ['health', 'after', true],
      ['ready', 'after', true],
    ]);
    expect(result.hypothesis.probes[0].at_ms).toBeGreaterThanOrEqual(2000);
    expect(result.crashes).toHaveLength(1);
    expect(code).toBe(result.validity.valid ? 0 : 4);
  });

  it('an endpoint that does not meet its condition before: no fault runs, not_run naming the probe and what it answered', async () => {
    const h = await health([{ status: 200, body: { status: 'degraded' } }]);
    const { code, result, stdout } = await run(`[{ name: health, http: { url: "${h.url}", json: "$.status == 'ok'" } }]`);
    expect(h.asked).toHaveLength(1);
    expect(result.hypothesis.gate.held).toBe(false);
    expect(result.crashes).toEqual([]);
    expect(result.faults.map((f: { fired_at_ms: number | null }) => f.fired_at_ms)).toEqual([null, null]);
    const said = `probe health: GET ${h.url} answered 200; $.status == 'ok' does not hold`;
    expect(result.hypothesis.gate.checks.map((c: { detail: string }) => c.detail)).toContain(said);
    expect(result.verdict.reasons.join('\n')).toContain(said);
    expect(stdout).toContain('probe health');
    expect(code).toBe(result.validity.valid ? 6 : 4);
  });

  it('a command probe that fails before calls the experiment off, with its exit and last line', async () => {
    const { result } = await run('[{ name: ready, command: "echo not ready yet; exit 1" }]');
    expect(result.hypothesis.gate.held).toBe(false);
    expect(result.hypothesis.gate.checks.at(-1).detail).toBe('probe ready: echo not ready yet; exit 1 → exit 1: not ready yet');
  });

  it('an endpoint that fails after the disturbance fails the run, in the verdict and the findings', async () => {
    const h = await health([OK, { status: 503, body: { status: 'down' } }]);
    const { code, result, out } = await run(`[{ name: health, http: { url: "${h.url}" } }]`);
    expect(h.asked).toHaveLength(2);
    const reason = `probe health failed after the disturbance: GET ${h.url} answered 503, expected 200`;
    expect(result.verdict.reasons).toContain(reason);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('answered 503, expected 200');
    expect(code).toBe(result.validity.valid ? 1 : 4);
  });

  it('are refused in sim, and beyond this machine without --target, before any is asked', async () => {
    const h = await health([OK]);
    const sim = await cli('run', scenarioFile(SCENARIO(`[{ name: health, http: { url: "${h.url}" } }]`)), '--mode', 'sim', '--out', tempDir());
    expect(sim.code).toBe(2);
    expect(sim.stderr).toContain('hypothesis.probes check the real service, which a simulation cannot: use --mode live');
    const far = await cli('run', scenarioFile(SCENARIO('[{ name: health, http: { url: "http://192.0.2.7:8080/health" } }]')), '--out', tempDir());
    expect(far.code).toBe(2);
    expect(far.stderr).toContain('hypothesis.probes[0].http.url is on 192.0.2.7:8080, not this machine: gameday would probe it; add --target 192.0.2.7:8080');
    expect(h.asked).toHaveLength(0);
  });

  it('a header that reads an unset variable is bad input before anything starts: exit 2 naming its line, the endpoint never asked', async () => {
    const h = await health([OK]);
    const file = scenarioFile(SCENARIO(`[{ name: health, http: { url: "${h.url}", headers: { authorization: "Bearer \${GD_PROBE_TOKEN_NEVER_SET}" } } }]`));
    const r = await cli('run', file, '--mode', 'live', '--out', join(tempDir(), 'run'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/scenario\.yaml:9: \$\{GD_PROBE_TOKEN_NEVER_SET\} is not set; export GD_PROBE_TOKEN_NEVER_SET=/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(h.asked).toHaveLength(0);
  });

  it('through the API, a header read from an environment that lacks the variable when the run starts: refused before anything starts', async () => {
    const h = await health([OK]);
    const text = SCENARIO(`[{ name: health, http: { url: "${h.url}", headers: { authorization: "Bearer \${GD_PROBE_TOKEN}" } } }]`);
    const s = parseScenario(text, 'api.yaml', { env: { GD_PROBE_TOKEN: 'at-load' } });
    await expect(runScenario(s, { mode: 'live', env: {} })).rejects.toThrow(
      'api.yaml: hypothesis.probes[0].http.headers.authorization reads ${GD_PROBE_TOKEN}, which is not set',
    );
    expect(h.asked).toHaveLength(0);
  });
});
