import Anthropic from '@anthropic-ai/sdk';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RealClock } from '../time/index.js';
import { API_MAX_BODY, bodyLimit } from './mock-body.js';
import { MockClaude } from './mock-model.js';
import { startMockServer, type MockServer } from './mock-server.js';
import type { ServerLimits } from './mock-body.js';

const MODEL = 'claude-haiku-5-5';
const TOO_LARGE = { type: 'error', error: { type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' } };

const servers: MockServer[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(limits: ServerLimits = {}): Promise<{ server: MockServer; model: MockClaude }> {
  const clock = new RealClock();
  const config = { latency: { p50: 1, p99: 2 }, outputTokens: { p50: 5, p99: 10 }, errorRate: 0, model: MODEL };
  const model = new MockClaude(config, { clock, seed: 1, epochMs: clock.originEpochMs });
  const server = await startMockServer(model, limits);
  servers.push(server);
  return { server, model };
}

/** A valid Messages body of exactly `bytes` bytes (its one message padded with spaces). */
function messagesBody(bytes: number): Buffer {
  const shell = (pad: string) => JSON.stringify({ model: MODEL, max_tokens: 8, messages: [{ role: 'user', content: `hi${pad}` }] });
  const body = shell(' '.repeat(bytes - Buffer.byteLength(shell(''))));
  expect(Buffer.byteLength(body)).toBe(bytes);
  return Buffer.from(body);
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: unknown;
}

/**
 * POSTs `body` in 64 KB chunks with no Content-Length (chunked), so only counting the bytes as they
 * arrive can refuse it; stops sending once the answer has come, as a caller that reads it does.
 */
function postChunked(url: string, path: string, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      answered = true;
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, json: JSON.parse(text) }));
    });
    // The write after a 413 fails (the mock closed the connection): what counts is the answer.
    req.on('error', (e) => (answered ? undefined : reject(e)));
    let at = 0;
    const pump = () => {
      while (at < body.length && !answered) {
        const chunk = body.subarray(at, at + 65_536);
        at += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

/** Sends raw bytes on a fresh connection and resolves with what comes back: one whole (chunked) answer, or all before the server closes. */
function raw(port: number, text: string, waitMs = 5_000): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    sockets.push(s);
    let got = '';
    s.on('data', (c: Buffer) => {
      got += c.toString();
      if (got.endsWith('\r\n0\r\n\r\n')) resolve(got);
    });
    s.on('error', () => undefined);
    const timer = setTimeout(() => resolve(got), waitMs);
    s.on('close', () => {
      clearTimeout(timer);
      resolve(got);
    });
    s.write(text);
  });
}

describe("the mock's request body limit", () => {
  it('answers a body past the limit 413 request_too_large in the API shape, counted refused', async () => {
    const { server, model } = await serve({ maxBody: 1_000_000 });
    const a = await postChunked(server.url, '/v1/messages', messagesBody(3_000_000));
    expect(a.status).toBe(413);
    expect(a.json).toMatchObject(TOO_LARGE);
    expect(a.headers['request-id']).toEqual(expect.any(String));
    expect(model.stats).toMatchObject({ calls: 0, invalid: 1 });
  });

  it('answers while the body is still coming, drops the rest as it comes, and the connection serves the next request', async () => {
    const { server } = await serve({ maxBody: 100_000 });
    const s = connect(server.port, '127.0.0.1');
    sockets.push(s);
    let got = '';
    s.on('data', (c: Buffer) => (got += c.toString()));
    const until = async (re: RegExp) => {
      while (!re.test(got)) await new Promise((r) => setTimeout(r, 10));
    };
    const chunk = `${(50_000).toString(16)}\r\n${' '.repeat(50_000)}\r\n`;
    s.write(`POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
    for (let k = 0; k < 3; k++) s.write(chunk);
    await until(/^HTTP\/1\.1 413 [\s\S]*\r\n0\r\n\r\n$/);
    expect(got).not.toMatch(/connection: close/i);
    // The body goes on after the answer (10 MB more); then the next request on the same connection.
    for (let k = 0; k < 200; k++) s.write(chunk);
    s.write('0\r\n\r\nGET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n');
    await until(/HTTP\/1\.1 200 [\s\S]*claude-haiku-5-5/);
  });

  it('takes a body of exactly the limit and refuses one byte more', async () => {
    const { server } = await serve({ maxBody: 200_000 });
    expect((await postChunked(server.url, '/v1/messages', messagesBody(200_000))).status).toBe(200);
    expect((await postChunked(server.url, '/v1/messages', messagesBody(200_001))).status).toBe(413);
  });

  it("by default takes a Messages body just under the API's 32 MB", async () => {
    const { server, model } = await serve();
    const a = await postChunked(server.url, '/v1/messages', messagesBody(API_MAX_BODY.standard - 1_000));
    expect(a.status).toBe(200);
    expect(model.stats).toMatchObject({ calls: 1, ok: 1 });
  });

  it('by default refuses what the API refuses: past 32 MB, past 256 MB to create a Message Batch', () => {
    expect(bodyLimit('POST', '/v1/messages', undefined)).toBe(32_000_000);
    expect(bodyLimit('POST', '/v1/messages/count_tokens', undefined)).toBe(32_000_000);
    expect(bodyLimit('POST', '/v1/messages/batches', undefined)).toBe(256_000_000);
    expect(bodyLimit('POST', '/v1/messages/batches', 1_000)).toBe(1_000);
  });

  it('answers a declared Content-Length over the limit at once, before any of the body is sent', async () => {
    const { server } = await serve();
    const head = (extra = '') =>
      `POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${API_MAX_BODY.standard + 1}\r\n${extra}\r\n`;
    const got = await raw(server.port, head());
    expect(got).toMatch(/^HTTP\/1\.1 413 /);
    // The answer is chunked: its JSON is the one chunk.
    expect(JSON.parse(got.slice(got.indexOf('{'), got.lastIndexOf('}') + 1))).toMatchObject(TOO_LARGE);
    // A caller that asks first is never told to go on; its connection ends with the answer, so
    // nothing it sends next is read as the body it was told not to send.
    const asked = await raw(server.port, head('Expect: 100-continue\r\n'));
    expect(asked).toMatch(/^HTTP\/1\.1 413 /);
    expect(asked).not.toContain('100 Continue');
    expect(asked).toMatch(/\r\nconnection: close\r\n/i);
  });

  it('tells a caller that asks first (Expect: 100-continue) with a body in bounds to go on, and answers it', async () => {
    const { server } = await serve();
    const body = messagesBody(500);
    const s = connect(server.port, '127.0.0.1');
    sockets.push(s);
    let got = '';
    let sent = false;
    s.on('data', (c: Buffer) => {
      got += c.toString();
      if (got.startsWith('HTTP/1.1 100 Continue') && !sent) {
        sent = true;
        s.write(body);
      }
    });
    s.write(
      `POST /v1/messages HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`,
    );
    await new Promise((r) => s.on('close', r));
    expect(got).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
  });

  it('the SDK raises its APIError with status 413 and the error type', async () => {
    const { server } = await serve({ maxBody: 10_000 });
    const client = new Anthropic({ apiKey: 'any', baseURL: server.url, maxRetries: 0 });
    const refused = await client.messages
      .create({ model: MODEL, max_tokens: 8, messages: [{ role: 'user', content: 'x'.repeat(20_000) }] })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Anthropic.APIError);
    expect((refused as InstanceType<typeof Anthropic.APIError>).status).toBe(413);
    expect((refused as InstanceType<typeof Anthropic.APIError>).error).toMatchObject(TOO_LARGE);
  });
});

describe("the mock's connection limit", () => {
  /** A connection the server has accepted: one request answered on it, kept alive. */
  async function held(port: number): Promise<Socket> {
    const s = connect(port, '127.0.0.1');
    sockets.push(s);
    await new Promise<void>((resolve) => {
      s.once('data', () => resolve());
      s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    });
    return s;
  }

  it('closes the connection past the limit unanswered, counts it, and takes one again once a connection ends', async () => {
    const { server } = await serve({ maxConnections: 2 });
    const first = await held(server.port);
    await held(server.port);
    const third = await raw(server.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(third).toBe('');
    expect(server.activity().refusedConnections).toBe(1);
    first.destroy();
    await new Promise((r) => setTimeout(r, 100));
    expect(await raw(server.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 200 /);
    expect(server.activity().refusedConnections).toBe(1);
  });
});
