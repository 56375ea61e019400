import { MockBatches } from './mock-batches.js';
import { MOCK_API_KEY } from './mock-key.js';
import { requestFeatures } from './mock-answer.js';
import type { MockClaude } from './mock-model.js';
import { maxOutputOf, modelsRoute } from './mock-models.js';
import { refusalOf, type Route } from './mock-validate.js';
import { routeThroughDoor } from './upstream-routes.js';
import { contentFingerprint, estimateTokens, findRequestIds, REQUEST_ID_HEADER } from './request-id.js';
import type { MockAnswer, MockRequest } from './types.js';

/**
 * The mock's exact route table, shared by the HTTP server and the msw handlers:
 * - `POST /v1/messages`: a Messages call (streamed or not), the only call that can complete a request;
 * - `POST /v1/messages/count_tokens`: `{ input_tokens }` at once, counted apart;
 * - `GET /v1/models` and `GET /v1/models/{id}`: the documented models and the scenario's own ids (see modelsRoute);
 * - `/v1/messages/batches`: Message Batches (create, list, retrieve, cancel, delete, results; see MockBatches);
 * - anything else, or a model the mock does not serve: 404 `not_found_error`; a body the real API
 *   would refuse: 400 `invalid_request_error` (see refusalOf); under `auth: required`, a missing or
 *   wrong key first: 401.
 */
export async function routeMockRequest(model: MockClaude, req: MockRequest, signal?: AbortSignal): Promise<MockAnswer> {
  const route = `${req.method.toUpperCase()} ${req.path.replace(/\/+$/, '')}`;
  const unauthorized = keyRefusal(model, presentedKey(req));
  if (unauthorized) return unauthorized;
  if (model.upstream) return routeThroughDoor(model, model.upstream, req, route, signal);
  if (route.startsWith('GET /v1/models')) return modelsRoute(model, route) ?? model.refuse(404, `No route ${req.method} ${req.path}`);
  if (route === 'POST /v1/messages/count_tokens') return invalid(model, req, 'count_tokens') ?? model.countTokens(estimateTokens(req.body));
  if (route.includes(' /v1/messages/batches')) return batchRoute(model, req, route) ?? model.refuse(404, `No route ${req.method} ${req.path}`);
  if (route !== 'POST /v1/messages') return model.refuse(404, `No route ${req.method} ${req.path}`);
  const bad = invalid(model, req, 'messages');
  if (bad) return bad;
  const b = req.body as { model: string; max_tokens: number; stream?: boolean };
  const requestIds = findRequestIds(req.header(REQUEST_ID_HEADER), req.body);
  return model.answer(
    {
      requestIds,
      model: String(b.model),
      maxTokens: b.max_tokens,
      inputTokens: estimateTokens(req.body),
      stream: b.stream === true,
      content: contentFingerprint(req.body),
      ...requestFeatures(req.body),
    },
    signal,
  );
}

/** Under `auth: required`, the 401 for a missing or wrong key, in the API's words; otherwise nothing. */
function keyRefusal(model: MockClaude, key: string | undefined): MockAnswer | undefined {
  if (!model.requiresKey || key === MOCK_API_KEY) return undefined;
  return model.refuse(401, key ? 'invalid x-api-key' : 'x-api-key header is required');
}

/** The key a caller presents: `x-api-key`, or `Authorization: Bearer` (how the SDK sends its apiKey since 1.x). */
function presentedKey(req: MockRequest): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(req.header('authorization') ?? '')?.[1];
  return req.header('x-api-key') || bearer;
}

/** The refusal for a body the API would not serve: 400 for a missing, malformed or extra field, 404 for a model the mock does not serve. */
function invalid(model: MockClaude, req: MockRequest, route: Route): MockAnswer | undefined {
  const beta = Boolean(req.header('anthropic-beta'));
  const refusal = refusalOf(route, req.body, { beta, maxOutput: (id) => maxOutputOf(model, id) });
  return refusal && model.refuse(refusal.status, refusal.message);
}

/** Each model's Message Batches, made on first use. */
const batchesOf = new WeakMap<MockClaude, MockBatches>();

/** The Message Batches routes, or undefined for a path under them that is none. */
function batchRoute(model: MockClaude, req: MockRequest, route: string): MockAnswer | undefined {
  let batches = batchesOf.get(model);
  if (!batches) batchesOf.set(model, (batches = new MockBatches(model)));
  const origin = `http://${req.header('host') ?? '127.0.0.1'}`;
  if (route === 'POST /v1/messages/batches') return batches.create(req.body, origin);
  if (route === 'GET /v1/messages/batches') return batches.list(origin);
  const m = /^(GET|POST|DELETE) \/v1\/messages\/batches\/([A-Za-z0-9_-]+)(\/cancel|\/results)?$/.exec(route);
  if (!m) return undefined;
  const [, method, id, tail] = m;
  if (method === 'GET' && !tail) return batches.retrieve(id, origin);
  if (method === 'DELETE' && !tail) return batches.remove(id);
  if (method === 'POST' && tail === '/cancel') return batches.cancel(id, origin);
  if (method === 'GET' && tail === '/results') return batches.results(id);
  return undefined;
}
