import type { Clock } from '../time/index.js';
import { ConnectionDropped, type SseEvent, type StreamEnd } from './sse.js';
import type { MessageUsage, MockAnswer, MockCall } from './types.js';
import { answerHeaders, sseEvents, usageOf, type Upstream } from './upstream.js';

/** What the front door asks of the scenario's faults while the API answers, and how it reports the end. */
export interface DoorHooks {
  clock: Clock;
  /** What latency is multiplied by now (backend-latency, backend-slowdown): the API's own time is stretched by it. */
  factor(): number;
  /** The delay open faults add before the answer starts (backend-jitter), in ms; the door waits it before sending. */
  added(): number;
  /** A backend-reset fault is open: the answer is lost on the way back. */
  drops(): boolean;
  /** An outage opened mid-stream: the stream is cut with this error, as the API cuts one. */
  interruption(): { type: string; message: string } | undefined;
  /** Called exactly once: the answer's status (with usage when it is a success), or how a stream ended. */
  end(how: number | StreamEnd, usage?: MessageUsage): void;
}

/**
 * A Messages call that passed the door's faults and limits, sent to the API. The answer goes back
 * as the API gave it (status, headers, body; a stream event by event as they arrive), stretched by
 * a latency fault and cut by a reset or an outage as the mock's own answers are. A network failure
 * on the way to the API reaches the caller as a dropped connection, as it would without the door.
 */
export async function forwardMessages(up: Upstream, call: MockCall, hooks: DoorHooks, signal?: AbortSignal): Promise<MockAnswer> {
  const { clock } = hooks;
  const factor = hooks.factor();
  const started = clock.now();
  // Aborted when the caller goes away, or when the door stops reading a stream it cut.
  const upstreamCall = new AbortController();
  const stop = () => upstreamCall.abort();
  signal?.addEventListener('abort', stop, { once: true });
  const fail = (how: StreamEnd): never => {
    stop();
    hooks.end(how);
    throw how === 'aborted' ? new Error('the caller closed the call') : new ConnectionDropped();
  };
  let res: Response;
  let text: string | undefined;
  try {
    const added = hooks.added();
    if (added > 0) await clock.sleep(added, upstreamCall.signal);
    res = await up.send('POST', '/v1/messages', call.request!.header, call.request!.body, upstreamCall.signal);
    if (!(call.stream && res.ok && res.body)) text = await res.text();
  } catch {
    return fail(signal?.aborted ? 'aborted' : 'dropped');
  }
  if (text === undefined) return { status: res.status, headers: answerHeaders(res), body: undefined, stream: relay(res.body!, hooks, stop, signal) };
  try {
    if (factor > 1) await clock.sleep((factor - 1) * (clock.now() - started), signal);
  } catch {
    return fail('aborted');
  }
  if (hooks.drops()) return fail('dropped');
  signal?.removeEventListener('abort', stop);
  const body = parseJson(text);
  const usage = res.status === 200 ? usageOf(body) : undefined;
  hooks.end(res.status, usage);
  return { status: res.status, headers: answerHeaders(res), body, text, ...(usage && { usage }) };
}

/** A stream relayed event by event; its usage is the API's (`message_start`, then `message_delta`). */
async function* relay(body: ReadableStream<Uint8Array>, hooks: DoorHooks, stop: () => void, signal?: AbortSignal): AsyncGenerator<SseEvent> {
  const { clock } = hooks;
  let usage: MessageUsage = { input_tokens: 0, output_tokens: 0 };
  let ended = false;
  const end = (how: number | StreamEnd) => {
    ended = true;
    hooks.end(how, how === 200 ? usage : undefined);
  };
  let last = clock.now();
  try {
    for await (const e of sseEvents(body)) {
      const gap = clock.now() - last;
      const factor = hooks.factor();
      if (factor > 1) await clock.sleep((factor - 1) * gap);
      last = clock.now();
      const cut = hooks.interruption();
      if (cut) {
        end('error');
        yield { event: 'error', data: { type: 'error', error: cut } };
        return;
      }
      if (hooks.drops()) {
        end('dropped');
        throw new ConnectionDropped();
      }
      const seen = usageOf((e.data as { message?: unknown }).message) ?? usageOf(e.data);
      // message_start has the input (and the cache's) counts; message_delta the output so far.
      if (seen && e.event === 'message_start') usage = seen;
      if (seen && e.event === 'message_delta') usage = { ...usage, output_tokens: seen.output_tokens };
      if (e.event === 'error') end('error');
      yield e;
      if (e.event === 'message_stop') end(200);
      if (ended) return;
    }
    end('dropped'); // the API closed the stream before message_stop
  } catch (err) {
    // Reading the API failed: the caller's own abort, or the connection to the API broke.
    if (!ended) end(signal?.aborted ? 'aborted' : 'dropped');
    throw err;
  } finally {
    // The caller went away (the server stopped reading), or reading the API failed.
    if (!ended) end('aborted');
    // Whatever the API still sends reaches nobody (after message_stop there is nothing left).
    stop();
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
