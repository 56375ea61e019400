import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../index.js';
import { Ledger } from '../../model/index.js';
import { RealClock } from '../../time/index.js';
import { startMockThread } from './host.js';
import { serveScenarioMock } from './serve.js';

// backend.maxBody and backend.maxConnections reach the mock wherever it is served: a run's mock
// thread, and `mock-claude --scenario` (whose flags replace them).

const scenario = (backend: string) =>
  parseScenario(
    `name: limits\ntraffic:\n  phases: [{ duration: 1s, rate: 1 }]\nservice:\n  url: http://127.0.0.1:3000/jobs\nbackend:\n${backend}\n`,
    'limits.yaml',
  );

const body = (n: number) => JSON.stringify({ model: 'claude-haiku-5-5', max_tokens: 8, messages: [{ role: 'user', content: 'x'.repeat(n) }] });
const post = (url: string, text: string) => fetch(`${url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });

/** Whether a connection to `port` is closed unanswered (the mock's connection limit) rather than served. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    let got = '';
    s.on('data', (c: Buffer) => (got += c.toString()));
    s.on('error', () => undefined);
    s.on('close', () => resolve(got === ''));
    s.write('GET /v1/models HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  });
}

describe("the scenario's mock limits", () => {
  it("a run's mock thread serves backend.maxBody and backend.maxConnections", async () => {
    const s = scenario('  maxBody: 2kB\n  maxConnections: 1');
    const mock = await startMockThread(s, new Ledger(1, new Uint8Array(1), new Float64Array(1)), new RealClock());
    const held = connect(mock.port, '127.0.0.1');
    try {
      // One connection, answered and kept open: the one the mock takes.
      await new Promise((resolve) => {
        held.once('data', resolve);
        held.write('GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n');
      });
      expect(await refused(mock.port)).toBe(true);
      held.destroy();
      await new Promise((r) => setTimeout(r, 100));
      expect((await post(mock.url, body(3_000))).status).toBe(413);
    } finally {
      held.destroy();
      await mock.close();
    }
  });

  it('serveScenarioMock serves them too, and its options replace them', async () => {
    const s = scenario('  maxBody: 2kB');
    const own = await serveScenarioMock(s, { port: 0 });
    try {
      expect((await post(own.url, body(3_000))).status).toBe(413);
    } finally {
      await own.close();
    }
    const replaced = await serveScenarioMock(s, { port: 0, maxBody: 10_000 });
    try {
      expect((await post(replaced.url, body(3_000))).status).toBe(200);
    } finally {
      await replaced.close();
    }
  });
});
