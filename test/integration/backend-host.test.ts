import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_REDIS_URL, joinRun, runScenario, serveScenarioMock, type RunEvent } from '../../src/index.js';
import { firstExternalIPv4 } from '../../src/backend/index.js';
import { queueKeys } from '../../src/store/index.js';
import { cli, scenarioFile, tempDir } from '../helpers/cli.js';
import { expectReconciled } from '../helpers/invariant.js';
import { scenario } from '../helpers/scenario.js';

// `backend.host`: the address the run's mock listens on. Anything but loopback opens the mock to
// the network, so a run refuses it without --allow-remote-backend; with the flag, the mock listens
// there, the run's own processes still call it on loopback, and the URL published for
// `gameday worker` is one another machine can call.

const url = process.env.GAMEDAY_REDIS_URL ?? DEFAULT_REDIS_URL;
const admin = new Redis(url);
const prefixes: string[] = [];
const NAME = `backend-host-${process.pid}`;
afterAll(async () => {
  const keys = [...prefixes.flatMap((p) => Object.values(queueKeys(p))), `gameday:latest:${NAME}`];
  const left = await admin.exists(...keys);
  admin.disconnect();
  expect(left).toBe(0);
});

const wildcard = (host: string) => `name: ${NAME}
traffic:
  phases: [{ duration: 1s, rate: 5 }]
service:
  strategy: drop
backend:
  host: "${host}"
`;

describe('backend.host: refused without --allow-remote-backend', () => {
  it('run: exit 2 naming backend.host and the flag, before anything is written', async () => {
    const out = join(tempDir(), 'never');
    const r = await cli('run', scenarioFile(wildcard('0.0.0.0')), '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('backend.host is 0.0.0.0');
    expect(r.stderr).toContain('--allow-remote-backend');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('compare: the same refusal', async () => {
    const r = await cli('compare', scenarioFile(wildcard('0.0.0.0')), '--strategies', 'drop,block', '--out', join(tempDir(), 'never'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--allow-remote-backend');
  });

  it('runScenario: the same refusal for API callers', async () => {
    const s = scenario({ name: NAME, traffic: { phases: [{ duration: '1s', rate: 1 }] }, service: { strategy: 'drop' }, backend: { host: '0.0.0.0' } });
    await expect(runScenario(s, { mode: 'live' })).rejects.toThrow(/backend\.host is 0\.0\.0\.0.*--allow-remote-backend/);
  });

  it('loopback needs no flag; validate says what a non-loopback host needs', async () => {
    const ok = await cli('validate', scenarioFile(wildcard('127.0.0.1')));
    expect(ok.code).toBe(0);
    expect(ok.stdout).not.toContain('--allow-remote-backend');
    const remote = await cli('validate', scenarioFile(wildcard('0.0.0.0')));
    expect(remote.code).toBe(0);
    expect(remote.stdout).toContain('backend mock on 0.0.0.0 (run needs --allow-remote-backend)');
  });

  it('an address this machine does not have is bad input naming backend.host (exit 2), not a failed run', async () => {
    const r = await cli('run', scenarioFile(wildcard('192.0.2.254')), '--allow-remote-backend', '--quiet', '--out', join(tempDir(), 'run'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('backend.host 192.0.2.254 is not an address of this machine');
  });

  it('the same with the service in this process (its mock is started apart)', async () => {
    const s = scenario({
      name: NAME,
      traffic: { phases: [{ duration: '1s', rate: 1 }] },
      service: { strategy: 'drop', process: 'in-process' },
      backend: { host: '192.0.2.254' },
    });
    await expect(runScenario(s, { mode: 'live', allowRemoteBackend: true })).rejects.toThrow(/backend\.host 192\.0\.2\.254 is not an address of this machine/);
  });

  it('a malformed address is bad input naming backend.host', async () => {
    const r = await cli('validate', scenarioFile(wildcard('http://10.0.0.1:8787')));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('backend.host');
  });
});

/** Opens a TCP connection to host:port and closes it; resolves whether it was accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('backend.host 0.0.0.0 with --allow-remote-backend', () => {
  it('listens on every address, publishes a reachable URL, and credits a joined worker that calls it there exactly', async () => {
    const external = firstExternalIPv4();
    const s = scenario({
      name: NAME,
      seed: 21,
      // More than the run's one worker keeps up with: the joined worker takes its share.
      traffic: { phases: [{ duration: '3s', rate: 20 }], drain: '10s', tolerance: { late: '5s' } },
      service: {
        strategy: { type: 'persistent', store: 'redis', url, lease: '2s', poll: '100ms' },
        capacity: 200,
        workers: 1,
        processes: { api: 1, workers: 1 },
      },
      backend: { host: '0.0.0.0', latency: { p50: '150ms', p99: '200ms' } },
    });
    // A worker that joins as `gameday worker` does: it is given the published URL and calls the mock there.
    let joinedBackend = '';
    const joined = joinRun(s, { redisUrl: url, processes: 1, waitMs: 60_000, onJoined: (j) => (joinedBackend = j.backend) });
    let checks:
      Promise<{ published: Record<string, string>; announced?: { url: string; note?: string }; onLoopback: boolean; onExternal?: boolean }> | undefined;
    const result = await runScenario(s, {
      mode: 'live',
      allowRemoteBackend: true,
      onEvent: (e: RunEvent) => {
        if (e.type !== 'start' || !e.queue) return;
        const { prefix, backend } = e.queue;
        prefixes.push(prefix);
        // While the run is on: what it published, and whether the mock takes connections where it says.
        checks = (async () => {
          const published = await admin.hgetall(queueKeys(prefix).info);
          const port = Number(new URL(published.backend).port);
          return {
            published,
            announced: backend,
            onLoopback: await accepts('127.0.0.1', port),
            onExternal: external === undefined ? undefined : await accepts(external, port),
          };
        })();
      },
    });
    const remote = await joined;
    const seen = await checks!;
    // The URL a joining worker is given, and the one the run prints, are the same.
    expect(seen.announced?.url).toBe(seen.published.backend);
    expect(seen.announced?.note).toContain('listening on 0.0.0.0');
    expect(seen.onLoopback).toBe(true);
    if (external === undefined) {
      // No non-internal IPv4 on this machine: nothing another machine could reach; the run says so.
      console.warn('backend-host test: this machine has no non-internal IPv4 address; the remote-reachability check is skipped');
      expect(seen.published.backend).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(seen.announced?.note).toContain('no non-internal IPv4');
    } else {
      expect(seen.published.backend).toMatch(new RegExp(`^http://${external.replace(/\./g, '\\.')}:\\d+$`));
      expect(seen.onExternal).toBe(true);
    }
    expect(joinedBackend).toBe(seen.published.backend);
    // The run's own worker called the mock on loopback, the joined one on the published address:
    // every completion of both is credited once, and the probes above (connections, no calls) credited nothing.
    expectReconciled(result);
    expect(remote.counters.processed).toBeGreaterThan(0);
    expect(remote.counters.processed + result.service_reported!.processed!).toBe(result.totals.completed + result.totals.duplicates);
    expect(result.backend_ids).toMatchObject({ without_id: 0, foreign: 0 });
    expect(result.discrepancies).toEqual([]);
    expect(result.totals.completed).toBe(result.totals.scheduled);
  }, 120_000);
});

describe('gameday mock-claude --host', () => {
  it('refuses a non-loopback --host without --allow-remote-backend (exit 2 naming both)', async () => {
    const r = await cli('mock-claude', '--host', '0.0.0.0', '--port', '0');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--host is 0.0.0.0');
    expect(r.stderr).toContain('--allow-remote-backend');
  });

  it("refuses a scenario's non-loopback backend.host the same way", async () => {
    const r = await cli('mock-claude', '--scenario', scenarioFile(wildcard('0.0.0.0')), '--port', '0');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('backend.host is 0.0.0.0');
    expect(r.stderr).toContain('--allow-remote-backend');
  });

  it("an address that is not this machine's is bad input (exit 2), not a crash", async () => {
    const r = await cli('mock-claude', '--host', '192.0.2.254', '--allow-remote-backend', '--port', '0');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not an address of this machine');
  });

  it('serveScenarioMock with host 0.0.0.0 and the permission takes connections on loopback and on the external address', async () => {
    const external = firstExternalIPv4();
    const s = scenario({ name: NAME, traffic: { phases: [{ duration: '1s', rate: 1 }] }, service: { strategy: 'drop' } });
    const mock = await serveScenarioMock(s, { host: '0.0.0.0', allowRemoteBackend: true, port: 0 });
    try {
      expect(mock.url).toBe(`http://127.0.0.1:${mock.port}`);
      expect(await accepts('127.0.0.1', mock.port)).toBe(true);
      if (external === undefined) console.warn('backend-host test: no non-internal IPv4 address; the remote-reachability check is skipped');
      else expect(await accepts(external, mock.port)).toBe(true);
    } finally {
      await mock.close();
    }
  });
});
