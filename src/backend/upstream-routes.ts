import type { MockClaude } from './mock-model.js';
import { contentFingerprint, estimateTokens, findRequestIds, REQUEST_ID_HEADER } from './request-id.js';
import { ConnectionDropped } from './sse.js';
import type { MockAnswer, MockRequest } from './types.js';
import { answerHeaders, type Upstream } from './upstream.js';

/**
 * The front door's routes with the real API behind it. A Messages call goes through the model, so
 * the scenario's faults and limits apply and its ids are credited from the API's own answer; the
 * API validates it (the mock's checks would only guess at the API's). Any other route is sent on
 * as it came, counted against the cap. Message Batches are refused: their results arrive outside
 * any call the door could attribute, so their completions could not be counted.
 */
export function routeThroughDoor(model: MockClaude, up: Upstream, req: MockRequest, route: string, signal?: AbortSignal): Promise<MockAnswer> | MockAnswer {
  if (route === 'POST /v1/messages') {
    const b = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as { model?: unknown; max_tokens?: unknown; stream?: unknown };
    const call = {
      requestIds: findRequestIds(req.header(REQUEST_ID_HEADER), req.body),
      model: String(b.model),
      maxTokens: typeof b.max_tokens === 'number' && Number.isInteger(b.max_tokens) && b.max_tokens > 0 ? b.max_tokens : 0,
      inputTokens: estimateTokens(req.body),
      stream: b.stream === true,
      content: contentFingerprint(req.body),
      request: { body: req.body, header: req.header },
    };
    return model.answer(call, signal);
  }
  if (route.includes(' /v1/messages/batches')) {
    return model.refuse(
      400,
      "gameday's front door does not send Message Batches to the real API: their results could not be counted. Run batches against backend.kind mock",
    );
  }
  return sendAsIs(model, up, req, signal);
}

async function sendAsIs(model: MockClaude, up: Upstream, req: MockRequest, signal?: AbortSignal): Promise<MockAnswer> {
  if (up.refuses()) return model.pastUpstreamCap(up);
  try {
    const res = await up.send(req.method.toUpperCase(), req.path, req.header, req.body, signal);
    const text = await res.text();
    return { status: res.status, headers: answerHeaders(res), body: undefined, text };
  } catch {
    throw new ConnectionDropped();
  } finally {
    model.stats.upstream!.calls = up.calls;
  }
}
