import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/index.js';
import { scenarioFile, tempDir } from '../helpers/cli.js';
import { freePort } from './harness.js';
import { expectAllGone } from './process-check.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVICE = fileURLToPath(new URL('./services/under-reporting.mjs', import.meta.url));

/**
 * A long run of the built binary on a managed service: an API and two instances that ignore
 * SIGTERM (only SIGKILL ends them); resolves once all are up and traffic flows.
 */
async function startLongRun(stopGrace: string): Promise<{
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
      `    - { name: idle, command: "trap '' TERM; echo $$ >> ${pidfile}; sleep 600", count: 2 }`,
      `  stopGrace: ${stopGrace}`,
    ].join('\n'),
  );
  const child = spawn(process.execPath, [join(ROOT, 'bin/gameday.js'), 'run', file, '--out', out, '--quiet'], {
    env: { ...process.env, NO_COLOR: '1' },
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
  return { child, out, pidfile, exited };
}

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
