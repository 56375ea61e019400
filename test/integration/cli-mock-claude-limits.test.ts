/**
 * `gameday mock-claude` as its own process (the CLI from source, through tsx: no build needed),
 * measured from outside: the peak resident memory of that process while five 50 MB bodies come
 * in at once, its connection limit, and the address it says it listens on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';

const MAIN = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const MB = 1_000_000;

interface Served {
  child: ChildProcess;
  url: string;
  out: () => string;
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** Starts `gameday mock-claude --port 0 …` and waits for its `export ANTHROPIC_BASE_URL=…` line. */
async function serve(...args: string[]): Promise<Served> {
  const start = `const { main } = await import(${JSON.stringify(MAIN)}); process.exitCode = await main(['node', 'gameday', ...process.argv.slice(1)]);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', start, 'mock-claude', '--port', '0', ...args], {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.resume();
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const m = /export ANTHROPIC_BASE_URL=(\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    void exited.then((code) => reject(new Error(`mock-claude exited ${code} before listening:\n${out}`)));
  });
  return { child, url, out: () => out, exited };
}

/** The process's resident memory now and at its peak (VmRSS, VmHWM), in bytes. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kB = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]) * 1024;
  return { rss: kB('VmRSS'), peak: kB('VmHWM') };
}

/**
 * POSTs `bytes` of body to /v1/messages in 64 KB chunks, one buffer reused (this process holds no
 * 50 MB), without a Content-Length: only counting what arrives can refuse it. It stops sending once
 * the answer has come; a mock that held the whole body would answer only after all of it.
 */
function postStreamed(url: string, bytes: number): Promise<{ status: number; body: unknown }> {
  const chunk = Buffer.alloc(65_536, 0x20);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(`${url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      answered = true;
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', (e) => (answered ? undefined : reject(e)));
    let sent = 0;
    const pump = () => {
      while (sent < bytes && !answered) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('gameday mock-claude: request bodies past the limit', () => {
  /** Sends five 50 MB bodies at once; the growth of the mock's peak memory must stay under `bound`, and each be answered 413 in the API's shape. */
  async function fiveBodies(mock: Served, bound: number): Promise<void> {
    // One ordinary call first: what serving costs at all is in the baseline, not the figure.
    expect((await postStreamed(mock.url, 1_000)).status).toBe(400);
    const before = memoryOf(mock.child.pid!);
    const answers = await Promise.all(Array.from({ length: 5 }, () => postStreamed(mock.url, 50 * MB)));
    const after = memoryOf(mock.child.pid!);
    expect(after.peak - before.peak).toBeLessThan(bound);
    for (const a of answers) {
      expect(a.status).toBe(413);
      expect(a.body).toMatchObject({ type: 'error', error: { type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' } });
    }
  }

  // Held whole (under a limit above them), five such bodies took the mock's peak up by about 420 MB.
  // What may be held is the limit, per request: five times 32 MB by default, then nothing more.
  it.runIf(existsSync('/proc/self/status'))(
    "by default answers five 50 MB bodies at once 413 request_too_large, the mock's peak memory growing by less than the bodies themselves",
    async () => {
      const mock = await serve();
      await fiveBodies(mock, 250 * MB);
      mock.child.kill('SIGINT');
      expect(await mock.exited).toBe(0);
      expect(mock.out()).toContain('refused before any work (400/401/404/413) 6');
    },
    120_000,
  );

  it.runIf(existsSync('/proc/self/status'))(
    '--max-body 1MB: named in the banner, a body just under it served, and five 50 MB bodies at once cost the mock under 50 MB',
    async () => {
      const mock = await serve('--max-body', '1MB');
      expect(mock.out()).toContain('bodies over 1 MB answered 413 request_too_large');
      const body = (n: number) => JSON.stringify({ model: 'claude-haiku-5-5', max_tokens: 8, messages: [{ role: 'user', content: 'x'.repeat(n) }] });
      const post = (text: string) => fetch(`${mock.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
      const under = body(MB - 200);
      expect(Buffer.byteLength(under)).toBeLessThan(MB);
      expect((await post(under)).status).toBe(200);
      expect((await post(body(MB))).status).toBe(413);
      await fiveBodies(mock, 50 * MB);
    },
    120_000,
  );
});

describe('gameday mock-claude --max-connections', () => {
  it('closes the connection past the limit unanswered, and says how many it closed when stopped', async () => {
    const mock = await serve('--max-connections', '1');
    const port = Number(new URL(mock.url).port);
    expect(mock.out()).toContain('at most 1 connections at once, more closed unanswered');
    const held = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => {
      held.once('data', () => resolve());
      held.write('GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n');
    });
    const second = connect(port, '127.0.0.1');
    let got = '';
    second.on('data', (c: Buffer) => (got += c.toString()));
    second.on('error', () => undefined);
    second.write('GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((r) => second.on('close', r));
    expect(got).toBe('');
    held.destroy();
    mock.child.kill('SIGINT');
    expect(await mock.exited).toBe(0);
    expect(mock.out()).toContain('connections closed past the connection limit 1');
  });
});

describe('gameday mock-claude --host', () => {
  it('with 0.0.0.0 says it listens on all interfaces, and gives the URL this machine calls', async () => {
    const mock = await serve('--host', '0.0.0.0', '--allow-remote-backend');
    const first = mock.out().split('\n')[0];
    const port = new URL(mock.url).port;
    expect(first).toBe(`mock Claude listening on all interfaces (0.0.0.0 port ${port}); this machine calls it at http://127.0.0.1:${port}`);
    expect(mock.url).toBe(`http://127.0.0.1:${port}`);
    expect((await fetch(`${mock.url}/v1/models`)).status).toBe(200);
  });

  it('on loopback, the URL it listens on', async () => {
    const mock = await serve();
    expect(mock.out().split('\n')[0]).toBe(`mock Claude listening on ${mock.url}`);
  });
});
