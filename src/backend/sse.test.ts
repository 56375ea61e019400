import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../time/index.js';
import { formatSse, messageStream, type SseEvent, type StreamEnd, type StreamPlan } from './sse.js';

const PLAN: StreamPlan = {
  id: 'msg_1',
  model: 'm',
  requestLabel: 'gd-1',
  inputTokens: 12,
  outputTokens: 20,
  stopReason: 'end_turn',
  ttftMs: 300,
  perTokenMs: 10,
};

/** Reads a stream on a virtual clock, noting when each event arrived. */
async function read(plan: StreamPlan, hooks: { interruption?: () => { type: string; message: string } | undefined } = {}, abortAt?: number) {
  const clock = new VirtualClock();
  const ends: [StreamEnd, number][] = [];
  const seen: [string, number, SseEvent][] = [];
  const ctrl = new AbortController();
  if (abortAt !== undefined) clock.setTimer(abortAt, () => ctrl.abort(new Error('gone')));
  const main = (async () => {
    try {
      for await (const e of messageStream(
        plan,
        clock,
        { ...hooks, onEnd: (end, sent) => ends.push([end, sent]) },
        abortAt === undefined ? undefined : ctrl.signal,
      ))
        seen.push([e.event, clock.now(), e]);
    } catch {
      seen.push(['thrown', clock.now(), { event: 'thrown', data: null }]);
    }
  })();
  await clock.run(main);
  return { seen, ends };
}

describe('messageStream', () => {
  it('sends the first text after the time to first token, then a chunk per 8 tokens at the per-token pace', async () => {
    const { seen, ends } = await read(PLAN);
    expect(seen.map(([e, t]) => `${e}@${t}`)).toEqual([
      'message_start@0',
      'content_block_start@0',
      'ping@0',
      'content_block_delta@300',
      'content_block_delta@380',
      'content_block_delta@420',
      'content_block_stop@420',
      'message_delta@420',
      'message_stop@420',
    ]);
    expect(seen[7][2].data).toMatchObject({ delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 20 } });
    expect(seen[0][2].data).toMatchObject({ message: { id: 'msg_1', usage: { input_tokens: 12 } } });
    expect(ends).toEqual([['ok', 20]]);
  });

  it('ends with `event: error` after the 200 once the planned tokens are out', async () => {
    const { seen, ends } = await read({ ...PLAN, failAfterTokens: 8 });
    expect(seen.map(([e]) => e)).toEqual(['message_start', 'content_block_start', 'ping', 'content_block_delta', 'error']);
    expect(seen.at(-1)![2].data).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    expect(ends).toEqual([['error', 8]]);
  });

  it('is cut by an interruption (an outage starting mid-answer) with its error type', async () => {
    let calls = 0;
    const { seen, ends } = await read(PLAN, { interruption: () => (++calls > 2 ? { type: 'api_error', message: 'Internal server error' } : undefined) });
    expect(seen.at(-1)![2].data).toMatchObject({ error: { type: 'api_error' } });
    expect(ends).toEqual([['error', 16]]);
  });

  it('reports an abandoned stream once, as aborted', async () => {
    const { seen, ends } = await read(PLAN, {}, 350);
    expect(seen.at(-1)![0]).toBe('thrown');
    expect(ends).toEqual([['aborted', 8]]);
  });
});

describe('formatSse', () => {
  it('writes the event name and one JSON data line, then a blank line', () => {
    expect(formatSse({ event: 'ping', data: { type: 'ping' } })).toBe('event: ping\ndata: {"type":"ping"}\n\n');
  });
});
