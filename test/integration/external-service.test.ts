import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown, renderSummary, renderTimelines, runScenario } from '../../src/index.js';
import { expectReconciled } from '../helpers/invariant.js';
import { scenario } from '../helpers/scenario.js';

/**
 * A service of "your own", as gameday sees it from outside: it answers 202 to every job, keeps at
 * most 5 in memory (silently dropping the rest, as the seeds' drop queue does), and one worker
 * forwards each prompt to Claude through the SDK at ANTHROPIC_BASE_URL — here, gameday's mock.
 */
function droppingService(anthropicBaseUrl: string): { server: Server; stop(): void } {
  const client = new Anthropic({ apiKey: 'unused', baseURL: anthropicBaseUrl, maxRetries: 0 });
  const queue: string[] = [];
  let running = true;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const { prompt } = JSON.parse(body) as { prompt: string };
      if (queue.length < 5) queue.push(prompt); // else: dropped, and nobody is told
      res.writeHead(202).end('{"status":"queued"}');
    });
  });
  void (async () => {
    while (running) {
      const prompt = queue.shift();
      if (!prompt) {
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      await client.messages.create({ model: 'claude-haiku-5-5', max_tokens: 32, messages: [{ role: 'user', content: prompt }] }).catch(() => undefined);
    }
  })();
  return { server, stop: () => (running = false) };
}

const listen = (server: Server, port = 0) => new Promise<number>((r) => server.listen(port, '127.0.0.1', () => r((server.address() as AddressInfo).port)));

describe('service.url: your own service, black-box', () => {
  let mockPort: number;
  let svcPort: number;
  let svc: ReturnType<typeof droppingService>;
  beforeAll(async () => {
    const probe = createServer();
    mockPort = await listen(probe); // a free port for the mock, known to the service in advance
    probe.close();
    svc = droppingService(`http://127.0.0.1:${mockPort}`);
    svcPort = await listen(svc.server);
  });
  afterAll(() => {
    svc.stop();
    svc.server.close();
  });

  it("finds its silent drops: 202 to everything, completions counted at the mock by the prompt's id", async () => {
    const r = await runScenario(
      scenario({
        name: 'my-service',
        traffic: { phases: [{ duration: '2s', rate: 40 }], drain: '5s' },
        service: { url: `http://127.0.0.1:${svcPort}/jobs` },
        backend: { port: mockPort, latency: { p50: '50ms', p99: '100ms' } },
      }),
      { mode: 'live' },
    );
    expectReconciled(r);
    expect(r.strategy).toBe('external');
    expect(r.answers).toEqual({ '202': 80 });
    expect(r.totals.completed).toBeGreaterThan(0);
    expect(r.totals.lost).toBeGreaterThan(0);
    expect(r.lost_breakdown.accepted_never_finished).toBe(r.totals.lost);
    expect(r.totals.completed + r.totals.lost).toBe(80);
    expect(r.service_reported).toBeNull();
    // Its queue is not visible without service.metrics: null and "not visible", never a made-up 0.
    expect(r.queue).toEqual({ max_depth: null, drain_ms: null, depth_visible: false });
    expect(r.recovery).toMatchObject({ drain_ms: null, drain_visible: false });
    expect(r.timeline.every((p) => p.depth === null)).toBe(true);
    const text = renderSummary(r, { color: false });
    expect(text).toContain('max depth not visible · drain not visible (your own service without service.metrics)');
    expect(text).toContain('drain not visible');
    expect(text).not.toContain('queue not drained');
    expect(renderMarkdown(r)).toContain('Max queue depth **not visible**, drain not visible');
    expect(renderTimelines(r, { color: false })).toContain('Queue depth: not visible');
  });

  it('Retry-After: 0 is "retry now": shed under its own answer key, and an honouring client backs off on its own', async () => {
    // Refuses every first attempt with 503 + Retry-After: 0 and accepts every retry (no backend work: nothing to complete).
    const seen = new Set<string>();
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const { id } = JSON.parse(body) as { id: string };
        if (seen.has(id)) return void res.writeHead(202).end();
        seen.add(id);
        res.writeHead(503, { 'retry-after': '0' }).end();
      });
    });
    const port = await listen(server);
    try {
      const run = (retry: object) =>
        runScenario(
          scenario({
            name: 'retry-now',
            traffic: { phases: [{ duration: '1s', rate: 10 }], drain: '1s' },
            client: { retry },
            service: { url: `http://127.0.0.1:${port}/jobs`, quietPeriod: '200ms' },
            backend: { port: mockPort },
          }),
          { mode: 'live' },
        );
      const once = await run({ policy: 'none' });
      expectReconciled(once);
      expect(once.answers).toEqual({ '503 retry-after 0': 10 });
      expect(once.totals).toMatchObject({ shed: 10, rejected: 0 });
      seen.clear();
      const honoured = await run({ policy: 'honor-retry-after', maxAttempts: 2 });
      expectReconciled(honoured);
      expect(honoured.answers).toEqual({ '503 retry-after 0': 10, '202': 10 });
      expect(honoured.totals.attempts).toBe(20);
    } finally {
      server.close();
    }
  });

  it('refuses sim mode, and a host beyond this machine the run did not name', async () => {
    const s = scenario({ name: 'x', traffic: { phases: [{ duration: '1s', rate: 1 }] }, service: { url: 'http://127.0.0.1:1/jobs' } });
    await expect(runScenario(s, { mode: 'sim' })).rejects.toThrow(/service\.url .* use --mode live/);
    // TEST-NET-1 (RFC 5737): never routed, and never contacted here: the check comes first.
    const remote = scenario({ name: 'x', traffic: { phases: [{ duration: '1s', rate: 1 }] }, service: { url: 'http://192.0.2.7/jobs' } });
    await expect(runScenario(remote, { mode: 'live' })).rejects.toThrow(
      'service.url is on 192.0.2.7:80, not this machine: gameday would send it the load; add --target 192.0.2.7:80',
    );
    expect(() =>
      scenario({ name: 'x', traffic: { phases: [{ duration: '1s', rate: 1 }] }, service: { url: 'http://127.0.0.1:1/jobs', strategy: 'drop' } }),
    ).toThrow(/exclude each other/);
  });
});
