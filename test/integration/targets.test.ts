import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { checkTargets, loadScenario } from '../../src/index.js';
import { cli, cliWith, scenarioFile, tempDir } from '../helpers/cli.js';

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

/** This machine's own address beyond loopback: a server listening there sees any connection the check lets through. */
function ownAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
}

/** A server on every address, counting connections: the check must open none. */
async function listener(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server = createServer((socket) => {
    n++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => n,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const SERVICE_AT = (url: string) =>
  scenarioFile(`name: staging
traffic: { phases: [{ duration: 1s, rate: 5 }] }
service:
  url: ${url}
  delivery: { status: "GET /jobs/{id}", done: "$.state == 'done'" }
`);

const here = ownAddress();
describe.skipIf(!here)('your service beyond this machine (service.url)', () => {
  it('is refused before any socket opens unless the run names it with --target (run, probe)', async () => {
    const server = await listener();
    try {
      const file = SERVICE_AT(`https://${here}:${server.port}/jobs`);
      for (const args of [
        ['run', file, '--out', tempDir()],
        ['probe', file],
      ]) {
        const r = await cli(...args);
        expect(r.code, args[0]).toBe(2);
        expect(r.stderr).toContain(
          `service.url is on ${here}:${server.port}, not this machine: gameday would send it the load; add --target ${here}:${server.port}`,
        );
        expect(r.stderr).not.toMatch(/\n\s+at /);
      }
      expect(server.connections()).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('with --target, says what it will send and waits for a yes: no terminal, or a no, sends nothing and writes nothing', async () => {
    const server = await listener();
    try {
      const file = SERVICE_AT(`http://${here}:${server.port}/jobs`);
      const out = join(tempDir(), 'run');
      const noTerminal = await cli('run', file, '--target', here!, '--out', out);
      expect(noTerminal.code).toBe(2);
      expect(noTerminal.stderr).toContain(
        `gameday will send load to ${here}:${server.port} (http://${here}:${server.port}/jobs): peak 5 req/s, 5 requests over 1s`,
      );
      expect(noTerminal.stderr).toContain(`nobody is at a terminal to confirm load to ${here}:${server.port}: add --yes`);

      const no = await cliWith({ stdin: Object.assign(Readable.from(['n\n']), { isTTY: true }) }, 'run', file, '--target', here!, '--out', out);
      expect(no.code).toBe(2);
      expect(no.stderr).toContain('Send it? [y/N]');
      expect(no.stderr).toContain(`not confirmed: nothing was sent to ${here}:${server.port}`);
      expect(existsSync(out)).toBe(false);
      expect(server.connections()).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('needs a way to hear that a job is done: the mock on loopback is out of its reach, and so is a callback', async () => {
    const remote = (extra: string) =>
      scenarioFile(`name: staging
traffic: { phases: [{ duration: 1s, rate: 5 }] }
service:
  url: http://192.0.2.7:3000/jobs
${extra}`);
    const mock = await cli('run', remote(''), '--target', '192.0.2.7', '--yes', '--out', tempDir());
    expect(mock.code).toBe(2);
    expect(mock.stderr).toContain("gameday's mock Claude listens on loopback, where your service cannot call it");
    // Refused before it would ask or say what it would send.
    expect(mock.stderr).not.toContain('gameday will send load');
    const callback = await cli('run', remote('  delivery: { callback: true }\n'), '--target', '192.0.2.7', '--yes', '--out', tempDir());
    expect(callback.code).toBe(2);
    expect(callback.stderr).toContain('the delivery callback listens on this machine');
  });
});
