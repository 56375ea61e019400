import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { RealClock } from '../time/index.js';
import type { MockConfig } from './mock-config.js';
import { MockClaude } from './mock-model.js';
import { startMockServer, type MockServer } from './mock-server.js';

const BASE: MockConfig = { latency: { p50: 10, p99: 10 }, outputTokens: { p50: 10, p99: 10 }, errorRate: 0, model: 'claude-mock-1' };
const id = (n: number) => `gd-0a1b2c3d-${n}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Message Batches in the mock, through the real SDK', () => {
  let server: MockServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function setup(batches: MockConfig['batches'], errorRate = 0) {
    const seen: string[] = [];
    const model = new MockClaude(
      { ...BASE, errorRate, batches },
      {
        clock: new RealClock(),
        seed: 1,
        observer: {
          onCall: (ids) => void seen.push(`call ${ids.join()}`),
          onAnswer: (ids, status, usage) => void seen.push(`${status}${usage ? ' ok' : ''} ${ids.join()}`),
        },
      },
    );
    server = await startMockServer(model);
    const claude = new Anthropic({ apiKey: 'k', baseURL: server.url, maxRetries: 0 });
    return { model, seen, claude };
  }

  const request = (customId: string, text: string) => ({
    custom_id: customId,
    params: { model: 'claude-mock-1', max_tokens: 16, messages: [{ role: 'user' as const, content: text }] },
  });

  async function ended(claude: Anthropic, batchId: string) {
    for (;;) {
      const b = await claude.messages.batches.retrieve(batchId);
      if (b.processing_status === 'ended') return b;
      await sleep(20);
    }
  }

  it('creates, ends, and credits each request once when its results go out, the ids found in custom_id or in its params', async () => {
    // Long enough that the results are asked for before the end, even on a loaded machine.
    const { model, seen, claude } = await setup({ processing: { p50: 1_500, p99: 2_000 }, expireAfter: 60_000 });
    const batch = await claude.messages.batches.create({
      requests: [request(id(1), 'summarise'), request('job-7', `job_${id(2)} please`), request(`${id(3)}_attempt2`, 'again')],
    });
    expect(batch).toMatchObject({ type: 'message_batch', processing_status: 'in_progress', request_counts: { processing: 3 }, results_url: null });
    expect(seen).toEqual([`call ${id(1)}`, `call ${id(2)}`, `call ${id(3)}`]);
    await expect(claude.messages.batches.results(batch.id)).rejects.toThrow(/results_url/);
    const done = await ended(claude, batch.id);
    expect(done.request_counts).toEqual({ processing: 0, succeeded: 3, errored: 0, canceled: 0, expired: 0 });
    expect(done.results_url).toBe(`${server!.url}/v1/messages/batches/${batch.id}/results`);
    expect(seen).toHaveLength(3); // ended, not yet delivered: nothing credited
    const results = [];
    for await (const r of await claude.messages.batches.results(batch.id)) results.push(r);
    expect(results.map((r) => [r.custom_id, r.result.type])).toEqual([
      [id(1), 'succeeded'],
      ['job-7', 'succeeded'],
      [`${id(3)}_attempt2`, 'succeeded'],
    ]);
    expect(seen.slice(3)).toEqual([`200 ok ${id(1)}`, `200 ok ${id(2)}`, `200 ok ${id(3)}`]);
    // A second download is the same results, not the work done again.
    for await (const _ of await claude.messages.batches.results(batch.id)) void _;
    expect(seen).toHaveLength(6);
    expect(model.stats.batches).toMatchObject({ created: 1, requests: 3, succeeded: 3, input_tokens: expect.any(Number), output_tokens: 30 });
    expect(model.stats.calls).toBe(0); // not Messages calls
    const page = await claude.messages.batches.list();
    expect(page.data.map((b) => b.id)).toEqual([batch.id]);
    expect(await claude.messages.batches.delete(batch.id)).toEqual({ id: batch.id, type: 'message_batch_deleted' });
  });

  it('a canceled batch ends canceled; an expired one expired; errors at its end are errored results', async () => {
    const slow = await setup({ processing: { p50: 60_000, p99: 60_000 }, expireAfter: 3_600_000 });
    const b = await slow.claude.messages.batches.create({ requests: [request(id(1), 'a'), request(id(2), 'b')] });
    await expect(slow.claude.messages.batches.delete(b.id)).rejects.toThrow(/cancel it first/);
    expect((await slow.claude.messages.batches.cancel(b.id)).processing_status).toBe('canceling');
    expect((await ended(slow.claude, b.id)).request_counts).toMatchObject({ canceled: 2 });
    await server!.close();

    const expiring = await setup({ processing: { p50: 60_000, p99: 60_000 }, expireAfter: 50 });
    const e = await expiring.claude.messages.batches.create({ requests: [request(id(3), 'c')] });
    expect((await ended(expiring.claude, e.id)).request_counts).toMatchObject({ expired: 1 });
    for await (const r of await expiring.claude.messages.batches.results(e.id)) expect(r.result.type).toBe('expired');
    expect(expiring.seen).toEqual([`call ${id(3)}`, `0 ${id(3)}`]);
    await server!.close();

    const failing = await setup({ processing: { p50: 20, p99: 40 }, expireAfter: 60_000 }, 1);
    const f = await failing.claude.messages.batches.create({ requests: [request(id(4), 'd')] });
    await ended(failing.claude, f.id);
    for await (const r of await failing.claude.messages.batches.results(f.id))
      expect(r.result).toMatchObject({ type: 'errored', error: { error: { type: 'api_error' } } });
    expect(failing.seen).toEqual([`call ${id(4)}`, `500 ${id(4)}`]);
  });

  it('refuses what the API refuses: a bad custom_id, a repeated one, no requests, an unknown batch', async () => {
    const { claude } = await setup({ processing: { p50: 20, p99: 40 }, expireAfter: 60_000 });
    await expect(claude.messages.batches.create({ requests: [request('has space', 'x')] })).rejects.toMatchObject({ status: 400 });
    await expect(claude.messages.batches.create({ requests: [request('a', 'x'), request('a', 'y')] })).rejects.toThrow(/used twice/);
    await expect(claude.messages.batches.create({ requests: [] })).rejects.toMatchObject({ status: 400 });
    await expect(claude.messages.batches.retrieve('msgbatch_nope')).rejects.toMatchObject({ status: 404 });
  });
});
