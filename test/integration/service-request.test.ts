import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/index.js';
import { cli, scenarioFile } from '../helpers/cli.js';

const file = (service: string) =>
  scenarioFile(`name: request-template
traffic: { phases: [{ duration: \${SECONDS:-1}s, rate: 5 }] }
service:
${service}
`);

describe('service.request and service.tls in a scenario', () => {
  it('keeps ${VAR} in the request as written (read when sent), and substitutes it everywhere else', () => {
    const path = file(`  url: http://127.0.0.1:3000/jobs
  request:
    headers: { authorization: "Bearer \${API_TOKEN}", x-team: "\${TEAM:-sre}", x-literal: "$\${KEPT}" }
    body: { key: "\${API_TOKEN}" }`);
    const s = loadScenario(path, { env: { API_TOKEN: 'tok-123', SECONDS: '2' } });
    expect(s.traffic.phases[0].duration).toBe(2000);
    expect(s.service.request!.headers).toEqual({ authorization: 'Bearer ${API_TOKEN}', 'x-team': '${TEAM:-sre}', 'x-literal': '$${KEPT}' });
    expect(s.service.request!.body).toEqual({ key: '${API_TOKEN}' });
    expect(JSON.stringify(s)).not.toContain('tok-123');
  });

  it('keeps them in your command lines too (the shell reads them when it runs them), and reads the scheme in any case', () => {
    const text = `name: commands
traffic: { phases: [{ duration: 1s, rate: 5 }] }
service: { url: "HTTPS://127.0.0.1:3000/jobs" }
faults: [{ at: 1s, kind: command, run: "curl -H 'authorization: \${API_TOKEN}' https://ops/kill", undo: "echo \${API_TOKEN}" }]
rollbacks: [{ run: "deploy --token \${API_TOKEN}" }]
hypothesis:
  steadyState: ["drop_rate == 0"]
  probes: [{ name: up, command: "check --token \${API_TOKEN}" }]
`;
    const s = loadScenario(scenarioFile(text), { env: { API_TOKEN: 'tok-123' } });
    expect(JSON.stringify(s)).not.toContain('tok-123');
    expect(s.rollbacks[0].run).toBe('deploy --token ${API_TOKEN}');
    expect(s.service.url).toBe('https://127.0.0.1:3000/jobs');
  });

  it('keeps them in a one-line (flow) service section too', () => {
    const text = `name: flow\ntraffic: { phases: [{ duration: 1s, rate: 5 }] }\nservice: { url: "http://127.0.0.1:3000/jobs", request: { headers: { authorization: "Bearer \${API_TOKEN}" } } }\n`;
    const s = loadScenario(scenarioFile(text), { env: { API_TOKEN: 'tok-123' } });
    expect(s.service.request!.headers.authorization).toBe('Bearer ${API_TOKEN}');
  });

  it('refuses an unset variable in the request when the file is read, naming it and its line', async () => {
    const r = await cli('validate', file(`  url: http://127.0.0.1:3000/jobs\n  request: { headers: { authorization: "Bearer \${GD_SURELY_UNSET_TOKEN}" } }`));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/scenario\.yaml:5: \$\{GD_SURELY_UNSET_TOKEN\} is not set/);
  });

  it.each([
    ['request without url', '  strategy: drop\n  request: { method: PUT }', '`request` is how gameday reaches your own service: it needs `service.url`'],
    ['tls on http', '  url: http://127.0.0.1:3000/jobs\n  tls: { insecure: true }', '`tls` needs an https `url`'],
    ['cert without key', '  url: https://127.0.0.1:3000/jobs\n  tls: { cert: c.pem }', 'Expected `cert` and `key` together'],
    [
      '{{callback}} without a callback',
      '  url: http://127.0.0.1:3000/jobs\n  request: { body: { reply_to: "{{callback}}" } }',
      '`{{callback}}` is the callback URL',
    ],
    ['unknown placeholder', '  url: http://127.0.0.1:3000/jobs\n  request: { body: { a: "{{job}}" } }', 'unknown placeholder {{job}}'],
    ['credentials in the url', '  url: https://user:pw@127.0.0.1:3000/jobs', '`url` must not carry credentials'],
    ['another scheme', '  url: ftp://127.0.0.1/jobs', 'an http or https URL'],
  ])('refuses %s, naming the field', async (_, service, message) => {
    const r = await cli('validate', file(service));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).not.toContain(':pw@');
  });
});
