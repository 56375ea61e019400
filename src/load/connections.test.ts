import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpTransport } from './http-transport.js';

/** A service that holds every request until told to answer: what `block` does to its callers. */
async function holdingServer() {
  const held: ServerResponse[] = [];
  let received = 0;
  const waiters: (() => void)[] = [];
  const server = createServer((req, res) => {
    req.resume();
    received++;
    held.push(res);
    waiters.splice(0).forEach((w) => w());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => received,
    /** Resolves once the server has received `n` requests. */
    until: (n: number) =>
      new Promise<void>((resolve) => {
        const check = () => (received >= n ? resolve() : waiters.push(check));
        check();
      }),
    answerAll: () => held.splice(0).forEach((res) => res.writeHead(202).end()),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const offer = (i: number) => ({ index: i, id: `gd-${i}`, priority: 'normal', inputTokens: 10, maxTokens: 10 });
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.map((c) => c()));
  cleanup = [];
});

describe('httpTransport connections', () => {
  it('held requests do not stall later ones: each gets a connection of its own and is written', async () => {
    const svc = await holdingServer();
    const t = httpTransport(svc.url, { connections: 50 });
    cleanup.push(() => t.close(), svc.close);
    let written = 0;
    const answers = Array.from({ length: 40 }, (_, i) => t.send(offer(i), new AbortController().signal, () => written++));
    await svc.until(40);
    expect(written).toBe(40);
    svc.answerAll();
    expect((await Promise.all(answers)).every((a) => a.kind === 'status' && a.status === 202)).toBe(true);
  });

  it('past the budget a request is not written until a connection frees: the generator sees it as unsent, never as sent', async () => {
    const svc = await holdingServer();
    const t = httpTransport(svc.url, { connections: 3 });
    cleanup.push(() => t.close(), svc.close);
    const written = new Set<number>();
    const answers = Array.from({ length: 5 }, (_, i) => t.send(offer(i), new AbortController().signal, () => written.add(i)));
    await svc.until(3);
    // Give the waiting two every chance to go out: they must not.
    await new Promise((r) => setImmediate(r));
    expect(svc.received()).toBe(3);
    expect([...written].sort()).toEqual([0, 1, 2]);
    svc.answerAll();
    await svc.until(5);
    expect(written.size).toBe(5);
    svc.answerAll();
    await Promise.all(answers);
  });

  it('a client timeout answers at once, even for a request still waiting for a connection', async () => {
    const svc = await holdingServer();
    const t = httpTransport(svc.url, { connections: 1 });
    cleanup.push(() => t.close(), svc.close);
    const first = t.send(offer(0), new AbortController().signal);
    await svc.until(1);
    const timeout = new AbortController();
    const second = t.send(offer(1), timeout.signal);
    timeout.abort();
    expect(await second).toEqual({ kind: 'timeout' });
    svc.answerAll();
    expect(await first).toMatchObject({ kind: 'status', status: 202 });
  });
});
