import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderSummary, runScenario } from '../../src/index.js';
import { cli, scenarioFile, tempDir } from '../helpers/cli.js';
import { expectReconciled } from '../helpers/invariant.js';
import { scenario } from '../helpers/scenario.js';
import { freePort } from './harness.js';
import { expectAllGone } from './process-check.js';

const SERVICE = fileURLToPath(new URL('./services/under-reporting.mjs', import.meta.url));

describe('managed processes of your own service', () => {
  it('waits for a slow start, and shows metrics that under-report drops as discrepancies (the ledger against its own truth)', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const out = tempDir();
    const s = scenario({
      name: 'under-reporting',
      seed: 3,
      traffic: { phases: [{ duration: '2s', rate: 20 }], drain: '4s', tolerance: { late: '5s' } },
      client: { timeout: '10s', retry: { policy: 'none' } },
      service: {
        url: `${base}/jobs`,
        quietPeriod: '500ms',
        // No `ready`: the first process is ready once service.url's port accepts connections, 1.5 s after its start.
        processes: [
          { name: 'api', command: ['node', SERVICE], env: { PORT: String(port), LISTEN_DELAY_MS: '1500', DROP_EVERY: '5' } },
          // A process that quits on its own mid-run: a recorded event, not a silent gap.
          { name: 'sidecar', command: 'sleep 3; exit 7' },
        ],
        startTimeout: '15s',
        metrics: {
          url: `${base}/stats`,
          format: 'json',
          map: { depth: 'queue.depth', accepted: 'jobs.accepted', processed: 'jobs.processed', failed: 'jobs.dropped' },
          interval: '200ms',
        },
      },
      backend: { latency: { p50: '20ms', p99: '60ms' } },
    });
    const r = await runScenario(s, { mode: 'live', workDir: out });
    expectReconciled(r);
    const log = readFileSync(join(out, 'processes', 'api-0.log'), 'utf8');
    expect(log).toMatch(/listening after 1[5-9]\d\dms|listening after [2-9]\d{3}ms/);
    const truth = JSON.parse(/truth (\{.*\})/.exec(log)![1]) as { accepted: number; dropped: number };

    // The ledger against the service's own truth: every job it dropped is lost, nothing else.
    expect(r.totals.scheduled).toBe(40);
    expect(truth.accepted).toBe(40);
    expect(truth.dropped).toBe(8);
    expect(r.totals.lost).toBe(truth.dropped);
    expect(r.totals.completed).toBe(40 - truth.dropped);

    // Its metrics said 40 processed and 0 dropped: both are called out.
    expect(r.service_reported).toMatchObject({ accepted: 40, processed: 40, failed: 0 });
    expect(r.discrepancies).toContain('the service reported 0 failed, yet 8 request(s) were lost');
    expect(r.discrepancies).toContain('service counter processed: service 40, the backend confirmed 32 completion(s)');
    expect(r.queue.depth_visible).toBe(true);

    const exits = r.managed_processes!.unexpected_exits;
    expect(exits).toEqual([expect.objectContaining({ process: 'sidecar', instance: 0, code: 7, signal: null })]);
    expect(renderSummary(r, { color: false })).toContain(`✗ sidecar (instance 0, pid ${exits[0].pid}) exited on its own at`);
    expect(renderMarkdown(r)).toContain('sidecar (instance 0');
    await expectAllGone(r.managed_processes!.pids);
  });

  it('the API killed and restarted: its crash row counts the connection errors its clients got while it was down', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const s = scenario({
      name: 'api-kill',
      seed: 4,
      traffic: { phases: [{ duration: '3s', rate: 20 }], drain: '4s', tolerance: { late: '5s' } },
      client: { timeout: '10s', retry: { policy: 'none' } },
      service: {
        url: `${base}/jobs`,
        quietPeriod: '500ms',
        processes: [{ name: 'api', command: ['node', SERVICE], env: { PORT: String(port) } }],
        startTimeout: '15s',
      },
      backend: { latency: { p50: '20ms', p99: '60ms' } },
      faults: [{ at: '1s', kind: 'crash-service', target: 'api', restartAfter: '1s' }],
    });
    const r = await runScenario(s, { mode: 'live', workDir: tempDir() });
    expectReconciled(r);
    const refused = Object.entries(r.answers)
      .filter(([k]) => k.startsWith('connection'))
      .reduce((n, [, c]) => n + c, 0);
    expect(refused).toBeGreaterThan(0);
    expect(r.crashes[0].connection_errors).toBe(refused);
    // No service.metrics: no counters to read, and none claimed.
    expect(r.crashes[0].counters_age_ms).toBeUndefined();
    expect(renderSummary(r, { color: false })).not.toContain('recovered 0 job(s)');
    await expectAllGone(r.managed_processes!.pids);
  });

  it("a process that never becomes ready: exit 2 naming it and its log, and nothing left running (its shell and the shell's child included)", async () => {
    const port = await freePort();
    const dir = tempDir();
    const out = join(dir, 'out');
    // A shell that starts a long sleep in the background and never listens on the port.
    const command = `sleep 600 & echo $! > ${dir}/sleep.pid; echo $$ > ${dir}/sh.pid; echo started; wait`;
    const file = scenarioFile(
      [
        'name: never-ready',
        'traffic: { phases: [{ duration: 1s, rate: 5 }], drain: 1s }',
        'service:',
        `  url: http://127.0.0.1:${port}/jobs`,
        `  processes: [{ name: api, command: ${JSON.stringify(command)} }]`,
        '  startTimeout: 1500ms',
        '  stopGrace: 1s',
      ].join('\n'),
    );
    const r = await cli('run', file, '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('service.processes[0] api not ready within 1.5s (service.startTimeout)');
    expect(r.stderr).toContain(`port ${port} (service.url)`);
    expect(r.stderr).toMatch(/its output is in \S*out\/processes\/api-0\.log/);
    expect(readFileSync(join(out, 'processes', 'api-0.log'), 'utf8')).toContain('started');
    const pids = ['sh.pid', 'sleep.pid'].map((f) => Number(readFileSync(join(dir, f), 'utf8')));
    await expectAllGone(pids);
  });

  it('a process that exits before it is ready: exit 2 with its exit code', async () => {
    const port = await freePort();
    const file = scenarioFile(
      [
        'name: exits',
        'traffic: { phases: [{ duration: 1s, rate: 5 }], drain: 1s }',
        'service:',
        `  url: http://127.0.0.1:${port}/jobs`,
        '  processes: [{ name: api, command: "echo boom >&2; exit 3" }]',
      ].join('\n'),
    );
    const out = join(tempDir(), 'out');
    const r = await cli('run', file, '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('service.processes[0] api exited before it was ready (exit code 3)');
    expect(readFileSync(join(out, 'processes', 'api-0.log'), 'utf8')).toContain('boom');
  });

  it('validate refuses crash faults on your own service without service.processes (exit 2, naming service.processes)', async () => {
    const file = scenarioFile(
      [
        'name: crash-unmanaged',
        'traffic: { phases: [{ duration: 5s, rate: 5 }] }',
        'service: { url: http://127.0.0.1:3000/jobs }',
        'faults:',
        '  - { at: 2s, kind: crash-service }',
        '  - { at: 3s, kind: crash-worker }',
      ].join('\n'),
    );
    const r = await cli('validate', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('faults[0].kind: crash-service on your own service (service.url) needs service.processes');
    expect(r.stderr).toContain('faults[1].kind: crash-worker');
    expect(r.stderr).toContain('crash-service with target: <a name in service.processes>');
  });

  it('validate checks a crash target against service.processes', async () => {
    const base = [
      'name: crash-target',
      'traffic: { phases: [{ duration: 5s, rate: 5 }] }',
      'service:',
      '  url: http://127.0.0.1:3000/jobs',
      '  processes: [{ name: api, command: node api.mjs }, { name: worker, command: node worker.mjs, count: 2 }]',
      'faults:',
    ];
    const bad = await cli(
      'validate',
      scenarioFile(
        [...base, '  - { at: 2s, kind: crash-service, target: wroker }', '  - { at: 3s, kind: crash-service, target: worker, instance: 2 }'].join('\n'),
      ),
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('faults[0].target: Expected `target` to name one of service.processes (api, worker), got wroker');
    expect(bad.stderr).toContain("faults[1].instance: Expected `instance` < worker's count (2), or all; got 2");
    const ok = await cli('validate', scenarioFile([...base, '  - { at: 2s, kind: crash-service, target: worker, instance: all }'].join('\n')));
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
  });
});
