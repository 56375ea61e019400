import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/index.js';
import { accepts } from '../../src/engine/managed/readiness.js';
import { portOwner } from '../../src/engine/managed/port-owner.js';
import { cli, scenarioFile, tempDir } from '../helpers/cli.js';
import { freePort } from './harness.js';
import { expectAllGone } from './process-check.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVICE = fileURLToPath(new URL('./services/under-reporting.mjs', import.meta.url));

/**
 * A long run of the built binary on a managed service: an API and two instances that ignore
 * SIGTERM (only SIGKILL ends them); resolves once all are up and traffic flows.
 */
async function startLongRun(stopGrace: string): Promise<{
  port: number;
  child: ReturnType<typeof spawn>;
  out: string;
  pidfile: string;
  exited: Promise<{ code: number | null; signal: string | null }>;
}> {
  const port = await freePort();
  const dir = tempDir();
  const out = join(dir, 'out');
  const pidfile = join(dir, 'pids');
  const file = scenarioFile(
    [
      'name: interrupted',
      'traffic: { phases: [{ duration: 60s, rate: 5 }], drain: 5s, tolerance: { late: 5s } }',
      'service:',
      `  url: http://127.0.0.1:${port}/jobs`,
      '  processes:',
      `    - { name: api, command: [node, ${JSON.stringify(SERVICE)}], env: { PORT: "${port}", PIDFILE: ${JSON.stringify(pidfile)} } }`,
      `    - { name: idle, command: "trap '' TERM; echo $$ >> ${pidfile}; env; sleep 600", count: 2 }`,
      `  stopGrace: ${stopGrace}`,
    ].join('\n'),
  );
  const child = spawn(process.execPath, [join(ROOT, 'bin/gameday.js'), 'run', file, '--out', out, '--quiet'], {
    // A credential in gameday's environment: never passed on to your processes.
    env: { ...process.env, NO_COLOR: '1', ANTHROPIC_AUTH_TOKEN: CREDENTIAL },
    stdio: 'ignore',
  });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  // Running once the traffic has reached the service (its log shows it listening) and both idle instances noted their pids.
  for (let i = 0; i < 300; i++) {
    const pids = existsSync(pidfile) ? readFileSync(pidfile, 'utf8').trim().split('\n') : [];
    if (pids.length >= 3 && existsSync(join(out, 'processes', 'api-0.log')) && readFileSync(join(out, 'processes', 'api-0.log'), 'utf8').includes('listening'))
      break;
    await sleep(100);
  }
  await sleep(1000);
  return { port, child, out, pidfile, exited };
}

const CREDENTIAL = 'token-that-must-not-pass';
const pidsIn = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map(Number);

describe('Ctrl-C on a run with managed processes (the built binary; needs npm run build)', () => {
  it('one SIGINT: the run stops, writes what it measured (exit 130), and stops every process group (SIGKILL after the grace for those ignoring SIGTERM)', async () => {
    const run = await startLongRun('1s');
    run.child.kill('SIGINT');
    const { code } = await run.exited;
    expect(code).toBe(130);
    const r = JSON.parse(readFileSync(join(run.out, 'result.json'), 'utf8')) as RunResult;
    expect(r.verdict!.status).toBe('interrupted');
    expect(r.managed_processes!.pids).toHaveLength(3);
    expect(r.managed_processes!.unexpected_exits).toEqual([]);
    await expectAllGone([...r.managed_processes!.pids, ...pidsIn(run.pidfile)]);
    // The idle instances printed their environment: gameday's credential was withheld, and said so.
    expect(readFileSync(join(run.out, 'processes', 'idle-0.log'), 'utf8')).toContain('ANTHROPIC_BASE_URL=');
    expect(readFileSync(join(run.out, 'processes', 'idle-0.log'), 'utf8')).not.toContain(CREDENTIAL);
    expect(r.managed_processes!.withheld_env).toContain('ANTHROPIC_AUTH_TOKEN');
  });

  it('SIGKILL to gameday itself: its keeper kills every process group, so nothing keeps the port from the next run', async () => {
    const run = await startLongRun('60s');
    const api = portOwner(run.port);
    expect(api, 'the api listens').toBeDefined();
    run.child.kill('SIGKILL');
    expect(await run.exited).toEqual({ code: null, signal: 'SIGKILL' });
    await expectAllGone([api!.pid, ...pidsIn(run.pidfile)]);
    expect(await accepts('127.0.0.1', run.port)).toBe(false);
  });

  it('something already answering on service.url’s port is refused before any process starts, naming it (it would pass the readiness check in their place)', async () => {
    const port = await freePort();
    const stranger = createServer((_req, res) => res.end('not your service')).listen(port, '127.0.0.1');
    await once(stranger, 'listening');
    try {
      const file = scenarioFile(
        [
          'name: port-taken',
          'traffic: { phases: [{ duration: 1s, rate: 5 }] }',
          'service:',
          `  url: http://127.0.0.1:${port}/jobs`,
          `  processes: [{ name: api, command: [node, ${JSON.stringify(SERVICE)}], env: { PORT: "${port}" } }]`,
        ].join('\n'),
      );
      const r = await cli('run', file, '--out', join(tempDir(), 'out'), '--quiet');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`service.url: port ${port} is already taken by pid ${process.pid} (`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      stranger.close();
    }
  });

  it('a second SIGINT (gameday exits at once, long before the 60 s grace): every process group is still SIGKILLed first', async () => {
    const run = await startLongRun('60s');
    run.child.kill('SIGINT');
    await sleep(50);
    run.child.kill('SIGINT');
    const exit = await run.exited;
    // Died by the re-raised signal (Node's default), not a graceful 130: the hook's path was taken.
    expect(exit).toEqual({ code: null, signal: 'SIGINT' });
    await expectAllGone(pidsIn(run.pidfile));
  });
});
