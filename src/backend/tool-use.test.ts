import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { RealClock, VirtualClock, type Clock } from '../time/index.js';
import { MockClaude } from './mock-model.js';
import { routeMockRequest } from './mock-routes.js';
import { sseReadable } from './sse.js';

type MockConfig = ConstructorParameters<typeof MockClaude>[0];
const MODEL = 'claude-haiku-5-5';
const CONFIG: MockConfig = { latency: { p50: 10, p99: 10 }, outputTokens: { p50: 40, p99: 40 }, errorRate: 0, model: MODEL };
const messages = [{ role: 'user', content: 'gameday-request-id: gd-0a1b2c3d-1\nwhat is the weather in Paris?' }];
const WEATHER = {
  name: 'get_weather',
  description: 'The weather now in a city',
  input_schema: {
    type: 'object',
    properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] }, days: { type: 'integer' } },
    required: ['city', 'unit'],
  },
};
const TIME = { name: 'get_time', input_schema: { type: 'object', properties: {} } };

type Body = { content: { type: string; name?: string; id?: string; input?: unknown; text?: string }[]; stop_reason: string };

function setup(config: Partial<MockConfig> = {}, clock: Clock = new VirtualClock()) {
  const model = new MockClaude({ ...CONFIG, ...config }, { clock, seed: 7 });
  const send = (body: Record<string, unknown>) => {
    const answer = routeMockRequest(model, {
      method: 'POST',
      path: '/v1/messages',
      header: () => undefined,
      body: { model: MODEL, max_tokens: 100, messages, ...body },
    });
    return clock instanceof VirtualClock ? clock.run(answer) : answer;
  };
  return { model, send, clock };
}

describe('tool use', () => {
  it('answers a call that gives tools with a tool_use block after a short text, stop_reason tool_use, when the scenario asks for tool calls', async () => {
    const { send } = setup({ toolUse: 1 });
    const a = await send({ tools: [WEATHER] });
    const body = a.body as Body;
    expect(body.stop_reason).toBe('tool_use');
    expect(body.content.map((c) => c.type)).toEqual(['text', 'tool_use']);
    expect(body.content[1]).toEqual({ type: 'tool_use', id: expect.stringMatching(/^toolu_/), name: 'get_weather', input: { city: 'mock', unit: 'celsius' } });
  });

  it('calls the tool tool_choice forces, with no text before it, whatever the fraction', async () => {
    const { send } = setup({ toolUse: 0 });
    const forced = (await send({ tools: [WEATHER, TIME], tool_choice: { type: 'tool', name: 'get_time' } })).body as Body;
    expect(forced.stop_reason).toBe('tool_use');
    expect(forced.content).toEqual([{ type: 'tool_use', id: expect.stringMatching(/^toolu_/), name: 'get_time', input: {} }]);
    for (let i = 0; i < 5; i++) {
      const any = (await send({ tools: [WEATHER, TIME], tool_choice: { type: 'any' } })).body as Body;
      expect(any.content).toHaveLength(1);
      expect(['get_weather', 'get_time']).toContain(any.content[0].name);
    }
  });

  it('never calls a tool without tools in the request, with tool_choice none, or with a fraction of 0', async () => {
    const { send } = setup({ toolUse: 1 });
    for (const extra of [{}, { tools: [] }, { tools: [WEATHER], tool_choice: { type: 'none' } }]) {
      const body = (await send(extra)).body as Body;
      expect(body.stop_reason).toBe('end_turn');
      expect(body.content.map((c) => c.type)).toEqual(['text']);
    }
    const none = setup({ toolUse: 0 });
    expect(((await none.send({ tools: [WEATHER] })).body as Body).stop_reason).toBe('end_turn');
  });

  it('answers about the given fraction of calls with tools with tool_use', async () => {
    const { send } = setup({ toolUse: 0.3 });
    let calls = 0;
    for (let i = 0; i < 400; i++) if (((await send({ tools: [WEATHER] })).body as Body).stop_reason === 'tool_use') calls++;
    expect(calls / 400).toBeGreaterThan(0.22);
    expect(calls / 400).toBeLessThan(0.38);
  });

  it('keeps seeded answers as they were: tool draws come from a stream of their own, so other figures never shift', async () => {
    const spread = { outputTokens: { p50: 40, p99: 400 } };
    const x = setup(spread);
    const y = setup({ ...spread, toolUse: 0.5 });
    for (let i = 0; i < 10; i++) {
      // The same calls to a mock with and without the fraction: the same answers.
      const [a, b] = [await x.send({}), await y.send({})];
      expect(JSON.stringify(b.body)).toBe(JSON.stringify(a.body));
      // A call with tools takes the same output draw as one without (its input counts the tools).
      const [c, d] = [await x.send({}), await y.send({ tools: [WEATHER, TIME] })];
      expect(d.usage!.output_tokens).toBe(c.usage!.output_tokens);
    }
  });

  it('says max_tokens when the output reached the request max_tokens, streamed or not, and end_turn otherwise', async () => {
    const { send, clock } = setup({ outputTokens: { p50: 200, p99: 200 } });
    const cut = await send({ max_tokens: 50 });
    expect(cut.usage!.output_tokens).toBe(50);
    expect((cut.body as Body).stop_reason).toBe('max_tokens');
    expect(((await send({ max_tokens: 1000 })).body as Body).stop_reason).toBe('end_turn');
    const streamed = await send({ max_tokens: 50, stream: true });
    const events: { event: string; data: { delta?: { stop_reason?: string } } }[] = [];
    await (clock as VirtualClock).run(
      (async () => {
        for await (const e of streamed.stream!) events.push(e as (typeof events)[number]);
      })(),
    );
    expect(events.find((e) => e.event === 'message_delta')!.data.delta!.stop_reason).toBe('max_tokens');
  });
});

/** The official SDK over a fetch that routes to the mock in this process, on the real clock (the SDK reads the stream as it comes). */
function sdkClient(model: MockClaude): Anthropic {
  const fetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    const headers = new Headers(init?.headers);
    const a = await routeMockRequest(model, { method: init?.method ?? 'GET', path: new URL(String(url)).pathname, header: (n) => headers.get(n), body });
    if (a.stream) return new Response(sseReadable(a.stream), { status: a.status, headers: a.headers });
    return new Response(JSON.stringify(a.body), { status: a.status, headers: a.headers });
  };
  return new Anthropic({ apiKey: 'k', baseURL: 'http://mock-claude.invalid', maxRetries: 0, fetch });
}

describe('streamed tool use, as the official SDK reads it', () => {
  const stream = { ttft: { p50: 1, p99: 1 }, perToken: 0, errorRate: 0 };

  it('streams the text, then the tool_use block with input_json_delta, and the SDK assembles the tool call', async () => {
    const { model } = setup({ toolUse: 1, stream }, new RealClock());
    const s = sdkClient(model).messages.stream({
      model: MODEL,
      max_tokens: 100,
      messages: messages as Anthropic.MessageParam[],
      tools: [WEATHER as Anthropic.Tool],
    });
    const events: string[] = [];
    s.on(
      'streamEvent',
      (e) => void events.push(e.type === 'content_block_delta' ? e.delta.type : e.type === 'content_block_start' ? `start:${e.content_block.type}` : e.type),
    );
    const message = await s.finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content.map((c) => c.type)).toEqual(['text', 'tool_use']);
    expect(message.content[1]).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'mock', unit: 'celsius' } });
    expect(events.slice(0, 3)).toEqual(['message_start', 'start:text', 'text_delta']);
    expect(events).toContain('start:tool_use');
    expect(events.filter((e) => e === 'input_json_delta').length).toBeGreaterThan(1);
    expect(events.slice(-2)).toEqual(['message_delta', 'message_stop']);
    expect(message.usage.output_tokens).toBe(40);
  });

  it('streams a forced tool call as the only block', async () => {
    const { model } = setup({ stream }, new RealClock());
    const message = await sdkClient(model)
      .messages.stream({
        model: MODEL,
        max_tokens: 100,
        messages: messages as Anthropic.MessageParam[],
        tools: [WEATHER as Anthropic.Tool],
        tool_choice: { type: 'any' },
      })
      .finalMessage();
    expect(message.content).toEqual([
      { type: 'tool_use', id: expect.stringMatching(/^toolu_/), name: 'get_weather', input: { city: 'mock', unit: 'celsius' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
  });

  it('closes the tool block even when the output is a single chunk', async () => {
    const { model } = setup({ toolUse: 1, stream, outputTokens: { p50: 3, p99: 3 } }, new RealClock());
    const message = await sdkClient(model)
      .messages.stream({ model: MODEL, max_tokens: 100, messages: messages as Anthropic.MessageParam[], tools: [WEATHER as Anthropic.Tool] })
      .finalMessage();
    expect(message.content.map((c) => c.type)).toEqual(['text', 'tool_use']);
    expect(message.content[1]).toMatchObject({ input: { city: 'mock', unit: 'celsius' } });
  });
});
