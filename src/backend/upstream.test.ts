import { describe, expect, it } from 'vitest';
import { sseEvents, usageOf } from './upstream.js';

/** A body that arrives in the given pieces, as a socket may cut it anywhere. */
function body(...pieces: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(ctrl) {
      for (const p of pieces) ctrl.enqueue(enc.encode(p));
      ctrl.close();
    },
  });
}

describe('what the front door reads from the API', () => {
  it('reads events whole however the bytes were cut, CRLF or LF', async () => {
    const events = [];
    for await (const e of sseEvents(
      body('event: message_start\r\ndata: {"a":', '1}\r\n\r\nevent: ping\ndata: {}\n', '\nevent: message_stop\ndata: {"type":"message_stop"}\n\n'),
    ))
      events.push(e);
    expect(events).toEqual([
      { event: 'message_start', data: { a: 1 } },
      { event: 'ping', data: {} },
      { event: 'message_stop', data: { type: 'message_stop' } },
    ]);
  });

  it('takes the cache counts the API reports, with or without the 5-minute / 1-hour split', () => {
    expect(usageOf({ usage: { input_tokens: 10, output_tokens: 5 } })).toEqual({ input_tokens: 10, output_tokens: 5 });
    expect(usageOf({ usage: { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } })).toEqual({
      input_tokens: 10,
      output_tokens: 5,
    });
    expect(usageOf({ usage: { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 2000, cache_read_input_tokens: 300 } })).toEqual({
      input_tokens: 10,
      output_tokens: 5,
      cache_creation_input_tokens: 2000,
      cache_read_input_tokens: 300,
      cache_creation: { ephemeral_5m_input_tokens: 2000, ephemeral_1h_input_tokens: 0 },
    });
    const split = { ephemeral_5m_input_tokens: 500, ephemeral_1h_input_tokens: 1500 };
    expect(usageOf({ usage: { input_tokens: 1, output_tokens: 2, cache_creation_input_tokens: 2000, cache_creation: split } })?.cache_creation).toEqual(split);
    expect(usageOf({ type: 'error' })).toBeUndefined();
  });
});
