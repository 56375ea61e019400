import { describe, expect, it } from 'vitest';
import { checkTargets, loadScenario } from '../../src/index.js';
import { cli, scenarioFile, tempDir } from '../helpers/cli.js';

// Addresses in TEST-NET-1 (RFC 5737): never routed, and never contacted here: the check comes first.
const REMOTE = (url: string) =>
  scenarioFile(`name: remote-redis
traffic: { phases: [{ duration: 1s, rate: 5 }] }
service:
  strategy: { type: persistent, store: redis, url: ${JSON.stringify(url)} }
`);

describe('a scenario’s Redis beyond this machine', () => {
  it('is refused before any socket opens unless the run names it with --target (run, probe)', async () => {
    const file = REMOTE('redis://192.0.2.7:6380/0');
    for (const args of [
      ['run', file, '--out', tempDir()],
      ['probe', file],
    ]) {
      const r = await cli(...args);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr).toContain('service.strategy.url is on 192.0.2.7:6380, not this machine');
      expect(r.stderr).toContain('add --target 192.0.2.7:6380 to allow it');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('is allowed by its host (any port) or its host:port; loopback needs nothing', () => {
    const remote = loadScenario(REMOTE('redis://192.0.2.7:6380/0'));
    expect(() => checkTargets(remote, ['192.0.2.7'])).not.toThrow();
    expect(() => checkTargets(remote, ['192.0.2.7:6380'])).not.toThrow();
    expect(() => checkTargets(remote, ['192.0.2.7:6379'])).toThrow('--target 192.0.2.7:6380');
    expect(() => checkTargets(remote, ['192.0.2.8'])).toThrow();
    expect(() => checkTargets(loadScenario(REMOTE('redis://127.0.0.1:6379')))).not.toThrow();
    expect(() => checkTargets(loadScenario(REMOTE('redis://localhost:6379')))).not.toThrow();
  });
});
