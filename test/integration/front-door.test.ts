import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ConfigError, MockClaude, RealClock, runScenario, scaleScenario, type RunEvent, type Scenario } from '../../src/index.js';
import { routeMockRequest } from '../../src/backend/mock-routes.js';
import { Upstream } from '../../src/backend/upstream.js';
import { startApiStandIn, type StandIn } from '../helpers/api-stand-in.js';
import { cli } from '../helpers/cli.js';
import { expectReconciled } from '../helpers/invariant.js';
import { scenario } from '../helpers/scenario.js';

const KEY = 'standin-test-key-never-written-7f3a9c';
const OUTAGE = new URL('../../scenarios/backend-outage.yaml', import.meta.url).pathname;

/** A scenario file's document with the real backend behind gameday's front door, at `upstream`. */
function throughDoor(doc: Record<string, unknown>, upstream: string, backend: Record<string, unknown> = {}): Scenario {
  const b = { ...(doc.backend as Record<string, unknown>), kind: 'claude', upstream, maxRequests: 1000, ...backend };
  return scenario({ ...doc, backend: b });
}

const messagesAt = (api: StandIn) => api.calls.filter((c) => c.path === '/v1/messages');

describe('the front door with the real backend (a local stand-in for the API)', () => {
  let api: StandIn | undefined;
  const savedKey = process.env.ANTHROPIC_API_KEY;
  beforeEach(() => {
    process.env.ANTHROPIC_API_KEY = KEY;
  });
  afterEach(async () => {
    await api?.close();
    api = undefined;
    if (savedKey === undefined) delete process.env.ANTHROPIC_API_KEY;
    else process.env.ANTHROPIC_API_KEY = savedKey;
  });

  it('backend-outage.yaml injects its outage: the API hears nothing while it lasts, the service hears 529s, and every call is counted on both sides', async () => {
    const doc = parse(readFileSync(OUTAGE, 'utf8')) as Record<string, unknown>;
    const s = scaleScenario(throughDoor(doc, 'http://placeholder'), 0.25); // outage from 2.5 s to 5 s
    api = await startApiStandIn({ models: [s.backend.model] });
    let origin = 0;
    const r = await runScenario(
      { ...s, backend: { ...s.backend, upstream: api.url } },
      { mode: 'live', onEvent: (e: RunEvent) => void (e.type === 'start' && (origin = Date.now())) },
    );
    expectReconciled(r);
    const outage = s.faults.find((f) => f.kind === 'backend-outage') as { at: number; duration: number };
    const [from, to] = [origin + outage.at, origin + outage.at + outage.duration];
    // A margin either side for calls sent just before it opened, and for when `start` was heard.
    const during = messagesAt(api).filter((c) => c.at > from + 150 && c.at < to - 150);
    expect(during).toEqual([]);
    expect(messagesAt(api).filter((c) => c.at < from).length).toBeGreaterThan(0);
    expect(messagesAt(api).filter((c) => c.at > to).length).toBeGreaterThan(0);
    expect(r.backend_calls.by_status['529']).toBeGreaterThan(0);
    // The API's own count is the door's, the model check included; each carried the key.
    expect(r.backend_calls.upstream).toEqual({ url: api.url, calls: api.calls.length });
    expect(api.calls[0]).toMatchObject({ method: 'GET', path: `/v1/models/${s.backend.model}` });
    expect(new Set(api.calls.map((c) => c.apiKey))).toEqual(new Set([KEY]));
    // Every completion is an answer the API gave.
    expect(r.totals.completed + r.totals.duplicates).toBe(messagesAt(api).length);
    expect(r.tokens.output).toBe(7 * messagesAt(api).length);
  }, 120_000);

  it('the cap holds exactly with the SDK retrying: the API receives maxRequests calls, the model check one of them', async () => {
    api = await startApiStandIn({ overloadedEvery: 4 });
    const s = throughDoor(
      {
        name: 'cap',
        seed: 5,
        traffic: { phases: [{ duration: '2s', rate: 20 }], drain: '10s' },
        client: { timeout: '10s', retry: { policy: 'none' } },
        service: { strategy: 'reject-429', capacity: 50, workers: 4, sdkMaxRetries: 2, retries: 0 },
      },
      api.url,
      { maxRequests: 17, model: 'claude-haiku-4-5' },
    );
    const r = await runScenario(s, { mode: 'live' });
    expectReconciled(r);
    expect(api.calls.length).toBe(17);
    expect(r.backend_calls.upstream!.calls).toBe(17);
    expect(r.backend_calls.capped).toBeGreaterThan(0);
    // The stand-in refused every 4th call: the SDK retried those, and each retry went through the cap.
    expect(r.totals.completed).toBe(messagesAt(api).length - Math.floor(messagesAt(api).length / 4));
  }, 60_000);

  it('a stream passes through event by event; its usage is the API’s', async () => {
    api = await startApiStandIn();
    const s = throughDoor(
      {
        name: 'stream',
        seed: 5,
        traffic: { phases: [{ duration: '1s', rate: 10 }], drain: '10s' },
        service: { strategy: 'drop', capacity: 50, workers: 4 },
        backend: { stream: { ttft: { p50: '50ms', p99: '100ms' } } },
      },
      api.url,
      { model: 'claude-haiku-4-5' },
    );
    const r = await runScenario(s, { mode: 'live' });
    expectReconciled(r);
    expect(r.totals.completed).toBe(r.totals.scheduled);
    expect(messagesAt(api).length).toBe(r.totals.scheduled);
    expect(r.tokens).toMatchObject({ input: 12 * r.totals.scheduled, output: 7 * r.totals.scheduled });
  }, 60_000);

  it('a stream is relayed as it arrives, not after it ends', async () => {
    api = await startApiStandIn({ holdBeforeStopMs: 500 });
    const upstream = new Upstream({ url: api.url, cap: 10 }, KEY);
    const model = new MockClaude(
      { latency: { p50: 1, p99: 2 }, outputTokens: { p50: 5, p99: 9 }, errorRate: 0, model: 'claude-haiku-4-5' },
      { clock: new RealClock(), seed: 1, upstream },
    );
    const body = { model: 'claude-haiku-4-5', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'hi' }] };
    const answer = await routeMockRequest(model, { method: 'POST', path: '/v1/messages', header: () => undefined, body });
    const seen: { event: string; stopSent: boolean }[] = [];
    for await (const e of answer.stream!) seen.push({ event: e.event, stopSent: api.stopSent() });
    // The first events went on while the API was still holding back the last ones.
    expect(seen[0]).toEqual({ event: 'message_start', stopSent: false });
    expect(seen.at(-1)).toEqual({ event: 'message_stop', stopSent: true });
    expect(model.stats).toMatchObject({ ok: 1, inputTokens: 12, outputTokens: 7, upstream: { url: api.url, calls: 1 } });
  });

  it('a model the API does not know stops the run before any traffic, exit 2 naming backend.model', async () => {
    api = await startApiStandIn({ models: ['claude-haiku-4-5'] });
    const s = throughDoor({ name: 'model', traffic: { phases: [{ duration: '1s', rate: 5 }] }, service: { strategy: 'drop' } }, api.url, {
      model: 'claude-haiku-4-5',
    });
    const wrong = { ...s, backend: { ...s.backend, model: 'claude-nonesuch-9' } };
    await expect(runScenario(wrong, { mode: 'live' })).rejects.toThrow(/backend\.model claude-nonesuch-9 is not a model the API .* knows \(404\)/);
    expect(api.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /v1/models/claude-nonesuch-9']);
  }, 30_000);

  it('the key is sent to the API and written nowhere: not in result.json, the reports, or the terminal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gameday-door-'));
    const file = join(dir, 'door.yaml');
    api = await startApiStandIn({ models: ['claude-haiku-4-5'] });
    const doc = {
      name: 'door-key',
      seed: 3,
      traffic: { phases: [{ duration: '1s', rate: 8 }], drain: '10s' },
      service: { strategy: 'drop', capacity: 20, workers: 2 },
      backend: { kind: 'claude', upstream: api.url, maxRequests: 50, model: 'claude-haiku-4-5' },
      faults: [{ at: '300ms', kind: 'backend-errors', duration: '300ms', rate: 0.5 }],
    };
    writeFileSync(file, stringify(doc));
    const out = join(dir, 'out');
    const run = await cli('run', file, '--out', out);
    // Whatever the verdict (a busy machine may call so small a run INVALID), it ran: not bad input.
    expect([0, 1, 4], run.stdout + run.stderr).toContain(run.code);
    expect(api.calls.length).toBeGreaterThan(1);
    expect(api.calls.every((c) => c.apiKey === KEY)).toBe(true);
    expect(run.stdout + run.stderr).not.toContain(KEY);
    const files = readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(out, f)).isFile());
    expect(files).toContain('result.json');
    for (const f of files) expect(readFileSync(join(out, f), 'utf8'), f).not.toContain(KEY);
  }, 60_000);
});

describe('the real backend is never simulated', () => {
  it('--mode sim with backend.kind claude is refused with the fix, before anything runs', async () => {
    const s = scenario({
      name: 'sim-claude',
      traffic: { phases: [{ duration: '1s', rate: 5 }] },
      service: { strategy: 'drop' },
      backend: { kind: 'claude', maxRequests: 10, model: 'claude-haiku-4-5' },
    });
    const run = runScenario(s, { mode: 'sim' });
    await expect(run).rejects.toBeInstanceOf(ConfigError);
    await expect(run).rejects.toThrow(/backend\.kind claude sends calls to the real API, which a simulation cannot: use --mode live/);
  });
});
