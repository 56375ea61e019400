/**
 * Your own service behind HTTPS and a bearer token, with a body of its own (service.request,
 * service.tls): the run reconciles exactly against the service's own record, the token read from
 * the environment when each request is sent is in no file the run writes, and a certificate the
 * run cannot trust, or a token the service refuses, stops the run before it measures anything.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliWith, tempDir } from '../helpers/cli.js';
import { freePort } from './harness.js';
import { expectAllGone } from './process-check.js';

const SERVICE = fileURLToPath(new URL('./services/https-auth.mjs', import.meta.url));
const SECRET = `gd-test-secret-${randomBytes(8).toString('hex')}`;
let dir: string;

beforeAll(() => {
  dir = tempDir();
  // A self-signed certificate for 127.0.0.1, made for this test file only.
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-subj',
      '/CN=gameday-test',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  writeFileSync(join(dir, 'token'), SECRET);
});

async function scenarioWith(tls: string, more: { traffic?: string; hypothesis?: (port: number) => string } = {}): Promise<string> {
  const port = await freePort();
  const file = join(dir, `scenario-${port}.yaml`);
  writeFileSync(
    file,
    `name: https-staging
seed: 4
traffic: ${more.traffic ?? '{ phases: [{ duration: 2s, rate: 15 }], drain: 4s, tolerance: { late: 5s } }'}
client: { timeout: 10s, retry: { policy: none } }
gates: ["lost == 0", "completion_rate == 1"]
service:
  url: https://127.0.0.1:${port}/v2/work
  ${tls}
  request:
    headers: { authorization: "Bearer \${GD_STAGING_TOKEN}" }
    body: { job: { ref: "{{id}}", urgency: "{{priority}}" }, text: "{{prompt}}", limit: "{{max_tokens}}" }
  quietPeriod: 500ms
  startTimeout: 15s
  processes:
    - name: api
      command: [node, ${JSON.stringify(SERVICE)}]
      env: { PORT: "${port}", CERT: cert.pem, KEY: key.pem, TOKEN_FILE: token }
backend: { latency: { p50: 10ms, p99: 30ms } }
${more.hypothesis?.(port) ?? ''}
`,
  );
  return file;
}

/** Every file under a folder, as text. */
function filesUnder(root: string): [string, string][] {
  return readdirSync(root).flatMap((name): [string, string][] => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [[path, readFileSync(path, 'latin1')]];
  });
}

const truthOf = (out: string) =>
  JSON.parse(/truth (\{.*\})/.exec(readFileSync(join(out, 'processes', 'api-0.log'), 'utf8'))![1]) as Record<string, number> & {
    urgencies: Record<string, number>;
  };

describe('your own service over HTTPS with a token and a body of its own', () => {
  it('reconciles exactly against its own record, and the token is in no file it writes nor in its output', async () => {
    const out = tempDir();
    const r = await cliWith({ env: { GD_STAGING_TOKEN: SECRET } }, 'run', await scenarioWith('tls: { ca: cert.pem }'), '--out', out);
    expect(r.code).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    const truth = truthOf(out);
    // The service's own record: every job arrived authorized, in its shape, once, and was answered.
    expect(truth).toMatchObject({ accepted: 30, unauthorized: 0, malformed: 0, answered: 30, distinct_refs: 30 });
    expect(result.totals).toMatchObject({ scheduled: 30, completed: 30, lost: 0 });
    expect(Object.values(truth.urgencies).reduce((a, b) => a + b, 0)).toBe(30);
    expect(result.target).toEqual({ url: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+\/v2\/work$/), remote: false, tls: 'verified' });
    // The scenario as run keeps the template, never the value.
    expect(JSON.stringify(result.config)).toContain('Bearer ${GD_STAGING_TOKEN}');
    const leaks = filesUnder(out)
      .filter(([, text]) => text.includes(SECRET))
      .map(([path]) => path);
    expect(leaks).toEqual([]);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    await expectAllGone(result.managed_processes.pids);
  });

  it('probes its health endpoint over the same TLS with the token from the environment, before the spike and after; the token is still in no file', async () => {
    const out = tempDir();
    const file = await scenarioWith('tls: { ca: cert.pem }', {
      traffic: '{ phases: [{ duration: 1s, rate: 5 }, { duration: 1s, rate: 15 }, { duration: 1s, rate: 5 }], drain: 4s, tolerance: { late: 5s } }',
      hypothesis: (port) => `hypothesis:
  steadyState: ["lost == 0"]
  window: 1s
  probes:
    - name: health
      http: { url: "https://127.0.0.1:${port}/health", headers: { authorization: "Bearer \${GD_STAGING_TOKEN}" }, json: "$.status == 'ok'" }`,
    });
    const r = await cliWith({ env: { GD_STAGING_TOKEN: SECRET } }, 'run', file, '--out', out);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    // The service's own record: asked twice, each time with the token (a probe without it, or over an untrusted TLS, would not hold).
    expect(truthOf(out)).toMatchObject({ health_authorized: 2, health_unauthorized: 0 });
    expect(result.hypothesis.gate.held).toBe(true);
    expect(result.hypothesis.probes.map((p: { when: string; held: boolean }) => [p.when, p.held])).toEqual([
      ['before', true],
      ['after', true],
    ]);
    expect(result.totals).toMatchObject({ scheduled: 25, completed: 25, lost: 0 });
    expect(r.code).toBe(result.validity.valid ? 0 : 4);
    expect(JSON.stringify(result.config.hypothesis.probes)).toContain('Bearer ${GD_STAGING_TOKEN}');
    expect(filesUnder(out).filter(([, text]) => text.includes(SECRET))).toEqual([]);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  it('with service.tls.insecure, runs on a certificate it does not check and says so in every report', async () => {
    const out = tempDir();
    const r = await cliWith({ env: { GD_STAGING_TOKEN: SECRET } }, 'run', await scenarioWith('tls: { insecure: true }'), '--out', out);
    expect(r.code).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.totals).toMatchObject({ scheduled: 30, completed: 30, lost: 0 });
    expect(result.target.tls).toBe('insecure');
    const warning = "The service's TLS certificate was not checked (service.tls.insecure)";
    expect(r.stdout).toContain(warning);
    for (const file of ['summary.md', 'report.html', 'junit.xml'])
      expect(readFileSync(join(out, file), 'utf8'), file).toContain(file === 'summary.md' ? warning : 'TLS certificate was not checked');
  });

  it('refuses a certificate it cannot trust before any load: exit 2 with the fix, nothing left running', async () => {
    const out = tempDir();
    const r = await cliWith({ env: { GD_STAGING_TOKEN: SECRET } }, 'run', await scenarioWith(''), '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/its certificate is not trusted \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\): give service\.tls\.ca/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(truthOf(out).accepted + truthOf(out).unauthorized).toBe(0);
  });

  it('stops at the first refusals when the token is wrong: 401 named with where credentials go', async () => {
    const out = tempDir();
    const r = await cliWith({ env: { GD_STAGING_TOKEN: 'not-the-token' } }, 'run', await scenarioWith('tls: { ca: cert.pem }'), '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('answered 401');
    expect(r.stderr).toContain('give them in service.request.headers');
    expect(truthOf(out).accepted).toBe(0);
  });
});
