import { MockBatches } from './mock-batches.js';
import { MOCK_API_KEY } from './mock-key.js';
import type { MockClaude } from './mock-model.js';
import { contentFingerprint, estimateTokens, findRequestIds, REQUEST_ID_HEADER } from './request-id.js';
import type { MockAnswer } from './types.js';

/** One HTTP request to the mock, whatever adapter received it. */
export interface MockRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  header(name: string): string | null | undefined;
  /** The parsed JSON body, or `undefined` when the body is not JSON. */
  body: unknown;
}

/** The models `GET /v1/models` lists: the scenario's, so an SDK's model lookup finds it. */
function modelList(model: MockClaude): MockAnswer {
  const id = model.modelName;
  const entry = { type: 'model', id, display_name: id, created_at: '2026-01-01T00:00:00Z' };
  return model.reply({ data: [entry], has_more: false, first_id: id, last_id: id });
}

/** What the real API refuses with 400 before any work: the fields every Messages call needs. */
function missingField(body: unknown, fields: readonly string[]): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'The request body is not a JSON object';
  const b = body as Record<string, unknown>;
  const missing = fields.find((f) => b[f] === undefined || b[f] === null);
  if (missing) return `${missing}: Field required`;
  if (!Array.isArray(b.messages)) return 'messages: Input should be a valid list';
  if (b.max_tokens !== undefined && !(Number.isInteger(b.max_tokens) && (b.max_tokens as number) >= 1))
    return 'max_tokens: Input should be an integer greater than or equal to 1';
  return undefined;
}

/**
 * The mock's exact route table, shared by the HTTP server and the msw handlers:
 * - `POST /v1/messages`: a Messages call (streamed or not), the only call that can complete a request;
 * - `POST /v1/messages/count_tokens`: `{ input_tokens }` at once, counted apart;
 * - `GET /v1/models`: the configured model;
 * - `/v1/messages/batches`: Message Batches (create, list, retrieve, cancel, delete, results; see MockBatches);
 * - anything else, or a model no key could call: 404 `not_found_error`; a body the real API would
 *   refuse: 400 `invalid_request_error`; under `auth: required`, a missing or wrong key first: 401.
 */
export async function routeMockRequest(model: MockClaude, req: MockRequest, signal?: AbortSignal): Promise<MockAnswer> {
  const route = `${req.method.toUpperCase()} ${req.path.replace(/\/+$/, '')}`;
  const unauthorized = keyRefusal(model, presentedKey(req));
  if (unauthorized) return unauthorized;
  if (route === 'GET /v1/models') return modelList(model);
  if (route === 'POST /v1/messages/count_tokens') {
    const bad = invalid(model, req.body, ['model', 'messages']);
    return bad ?? model.countTokens(estimateTokens(req.body));
  }
  if (route.includes(' /v1/messages/batches')) return batchRoute(model, req, route) ?? model.refuse(404, `No route ${req.method} ${req.path}`);
  if (route !== 'POST /v1/messages') return model.refuse(404, `No route ${req.method} ${req.path}`);
  const bad = invalid(model, req.body, ['model', 'max_tokens', 'messages']);
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
    },
    signal,
  );
}

/** Under `auth: required`, the 401 for a missing or wrong key, in the API's words; otherwise nothing. */
function keyRefusal(model: MockClaude, key: string | undefined): MockAnswer | undefined {
  if (!model.requiresKey || key === MOCK_API_KEY) return undefined;
  return model.refuse(401, key ? 'invalid x-api-key' : 'x-api-key header is required');
}

/** The configured model, or any `claude-*` id: what a real key could call. Anything else is 404 `not_found_error`. */
function knownModel(model: MockClaude, name: unknown): boolean {
  return name === model.modelName || (typeof name === 'string' && /^claude-[a-z0-9.-]+$/.test(name));
}

/** The key a caller presents: `x-api-key`, or `Authorization: Bearer` (how the SDK sends its apiKey since 1.x). */
function presentedKey(req: MockRequest): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(req.header('authorization') ?? '')?.[1];
  return req.header('x-api-key') || bearer;
}

/** The refusal for a body the API would not serve: 400 for a missing or malformed field, 404 for an unknown model. */
function invalid(model: MockClaude, body: unknown, fields: readonly string[]): MockAnswer | undefined {
  const bad = missingField(body, fields);
  if (bad) return model.refuse(400, bad);
  const name = (body as { model: unknown }).model;
  return knownModel(model, name) ? undefined : model.refuse(404, `model: ${String(name).slice(0, 200)}`);
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
