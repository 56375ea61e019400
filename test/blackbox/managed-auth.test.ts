/**
 * `backend.auth: required` on a managed service: the key gameday hands its processes is the one
 * the mock accepts, and a service that sends another gets 401 on every call, each counted as
 * refused before any work and none as a completion.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/index.js';
import { tempDir } from '../helpers/cli.js';
import { expectReconciled } from '../helpers/invariant.js';
import { scenario } from '../helpers/scenario.js';
import { freePort } from './harness.js';
import { expectAllGone } from './process-check.js';

const SERVICE = fileURLToPath(new URL('./services/under-reporting.mjs', import.meta.url));

async function run(env: Record<string, string>) {
  const port = await freePort();
  const s = scenario({
    name: 'auth-required',
    seed: 5,
    traffic: { phases: [{ duration: '1s', rate: 10 }], drain: '4s', tolerance: { late: '5s' } },
    client: { timeout: '10s', retry: { policy: 'none' } },
    service: {
      url: `http://127.0.0.1:${port}/jobs`,
      quietPeriod: '500ms',
      // The service makes one SDK call per job (maxRetries 0) and drops none.
      processes: [{ name: 'api', command: ['node', SERVICE], env: { PORT: String(port), ...env } }],
      startTimeout: '15s',
    },
    backend: { latency: { p50: '10ms', p99: '30ms' }, auth: 'required' },
  });
  const r = await runScenario(s, { mode: 'live', workDir: tempDir() });
  expectReconciled(r);
  await expectAllGone(r.managed_processes!.pids);
  return r;
}

describe('backend.auth: required with managed processes', () => {
  it('serves the key gameday gives its processes: every job completes', async () => {
    const r = await run({});
    expect(r.totals.scheduled).toBe(10);
    expect(r.totals.completed).toBe(10);
    expect(r.backend_calls.invalid ?? 0).toBe(0);
  });

  it('answers a service that sends another key 401 on every call: none completes, each counted as refused before any work', async () => {
    const r = await run({ ANTHROPIC_API_KEY: 'a-wrong-key' });
    expect(r.totals.scheduled).toBe(10);
    expect(r.totals.completed).toBe(0);
    expect(r.backend_calls.invalid).toBe(10);
    expect(r.backend_calls.total).toBe(0);
  });
});
