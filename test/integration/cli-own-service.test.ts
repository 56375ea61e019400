import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, scenarioFile, tempDir } from '../helpers/cli.js';

const listen = (s: Server) => new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as { port: number }).port)));

/** service.url: the mock gameday starts on backend.port must be free, and saying so is bad input, not a crash. */
describe('your own service from the CLI', () => {
  const service = createServer((c) => c.destroy());
  const squatter = createServer((c) => c.destroy());
  let file: string;
  beforeAll(async () => {
    const [svcPort, busyPort] = [await listen(service), await listen(squatter)];
    file = scenarioFile(`name: mine
traffic:
  phases:
    - { duration: 1s, rate: 5 }
service:
  url: http://127.0.0.1:${svcPort}/jobs
backend:
  port: ${busyPort}
`);
  });
  afterAll(() => {
    service.close();
    squatter.close();
  });

  for (const command of ['run', 'probe'] as const) {
    it(`${command}: a busy mock port exits 2 with the fix, writes nothing`, async () => {
      const out = join(tempDir(), 'never-written');
      const r = await cli(command, file, ...(command === 'run' ? ['--out', out] : ['--duration', '1s']));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/backend\.port \d+ is busy \(EADDRINUSE\).*set backend\.port to a free port and point your service's ANTHROPIC_BASE_URL at it/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    });
  }
});
