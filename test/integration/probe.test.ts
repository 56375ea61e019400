import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { logNormalMean, probeCapacity } from '../../src/index.js';
import { scenarioFile } from '../helpers/cli.js';
import { overload } from '../helpers/scenario.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('gameday probe (closed-loop saturation with autocannon)', () => {
  it("reports the service's capacity, never more than its workers can do (workers / mean backend latency)", async () => {
    const s = overload('reject-429');
    const expected = s.service.workers / (logNormalMean(s.backend.latency.p50, s.backend.latency.p99) / 1000);
    const r = await probeCapacity(s, { durationS: 5 });
    expect(r.expected_rps).toBeCloseTo(expected, 1);
    // A busy CPU can only lower what the service manages, so only the ceiling is asserted; how
    // close a quiet machine comes to it is a measurement, not a test.
    expect(r.throughput_rps).toBeGreaterThan(0);
    expect(r.throughput_rps).toBeLessThan(expected * 1.2);
    // Closed loop with 2 x workers callers never overflows a 20-slot queue.
    expect(r.non_2xx).toBe(0);
    expect(r.errors).toBe(0);
  });
});

describe('gameday probe stopped by a signal (the built binary; needs npm run build)', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal}: the callers stop, what they measured is printed and marked, exit ${code}`, async () => {
      const file = scenarioFile(
        'name: probed\ntraffic: { phases: [{ duration: 1s, rate: 1 }] }\nservice: { strategy: reject-429, capacity: 20, workers: 4 }\nbackend: { latency: { p50: 50ms, p99: 100ms } }\n',
      );
      const child = spawn(process.execPath, [join(ROOT, 'bin/gameday.js'), 'probe', file, '--duration', '120s', '--json'], {
        env: { ...process.env, NO_COLOR: '1' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
      // Once the service is up and the callers are at it: the mock has answered for a while.
      await sleep(3000);
      child.kill(signal);
      expect(await exited, stderr).toBe(code);
      const r = JSON.parse(stdout) as { interrupted: string; duration_s: number; throughput_rps: number };
      expect(r.interrupted).toBe(signal);
      expect(r.duration_s).toBeLessThan(120);
      expect(stderr).toContain(`gameday: ${signal}: stopping traffic`);
    }, 60_000);
  }
});
