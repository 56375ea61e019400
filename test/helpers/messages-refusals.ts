/**
 * Bodies the Messages API serves and bodies it refuses before any work, with the status, error type
 * and words it answers: one table, read by the mock's own test (src/backend/mock-validate.test.ts)
 * and by the official SDK against the mock's HTTP server (test/integration/mock-api-conformance.test.ts).
 * The mock these rows expect answers as `claude-haiku-5-5` and also serves `EXTRA_MODEL`.
 */
export const EXTRA_MODEL = 'claude-haiku-5-5-ft-support';

export interface RefusalCase {
  name: string;
  route: 'messages' | 'count_tokens';
  body: Record<string, unknown> | string;
  headers?: Record<string, string>;
  status: 200 | 400 | 404;
  type?: 'invalid_request_error' | 'not_found_error';
  /** The exact message, or a fragment of it. */
  message?: string | RegExp;
}

const model = 'claude-haiku-5-5';
const hi = [{ role: 'user', content: 'gameday-request-id: gd-0a1b2c3d-1\nhello' }];
const ok = { model, max_tokens: 16, messages: hi };
const count = { model, messages: hi };

const served = (name: string, body: Record<string, unknown>, route: RefusalCase['route'] = 'messages', headers?: Record<string, string>): RefusalCase => ({
  name,
  route,
  body,
  headers,
  status: 200,
});
const bad = (name: string, body: Record<string, unknown> | string, message: string | RegExp, route: RefusalCase['route'] = 'messages'): RefusalCase => ({
  name,
  route,
  body,
  status: 400,
  type: 'invalid_request_error',
  message,
});
const missing = (name: string, body: Record<string, unknown>, message: string, route: RefusalCase['route'] = 'messages'): RefusalCase => ({
  name,
  route,
  body,
  status: 404,
  type: 'not_found_error',
  message,
});

export const REFUSAL_CASES: RefusalCase[] = [
  served('a minimal call', ok),
  served('a final assistant turn (a prefill)', { ...ok, messages: [...hi, { role: 'assistant', content: 'Sure:' }] }),
  served('a conversation opening with the assistant', { ...ok, messages: [{ role: 'assistant', content: 'Hi.' }, ...hi] }),
  served('two user turns in a row (the API combines them)', { ...ok, messages: [...hi, ...hi] }),
  served('content as a list of blocks', { ...ok, messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }] }),
  served('sampling at the ends of its ranges, and a negative top_k', { ...ok, temperature: 1, top_p: 0, top_k: -1 }),
  served('what gameday sends: metadata.user_id and a system prompt', { ...ok, metadata: { user_id: 'gd-0a1b2c3d-1' }, system: 'be brief' }),
  served('an alias of a documented model', { ...ok, model: 'claude-haiku-4-5' }),
  served('an id the scenario adds in backend.models', { ...ok, model: EXTRA_MODEL }),
  served('max_tokens at the model limit', { ...ok, max_tokens: 128_000 }),
  served('a beta field with an anthropic-beta header', { ...ok, context_management: { edits: [] } }, 'messages', {
    'anthropic-beta': 'context-management-2025-06-27',
  }),
  served('count_tokens', count, 'count_tokens'),
  served('count_tokens with a system prompt and tools', { ...count, system: 's', tools: [] }, 'count_tokens'),

  missing('a model no documentation lists', { ...ok, model: 'gpt-4o' }, 'model: gpt-4o'),
  missing('a retired model', { ...ok, model: 'claude-sonnet-4-5-20250929' }, 'model: claude-sonnet-4-5-20250929'),
  missing('any claude-* id (no longer served on its prefix alone)', { ...ok, model: 'claude-haiku-9' }, 'model: claude-haiku-9'),
  missing('count_tokens for an unknown model', { ...count, model: 'claude-nope' }, 'model: claude-nope', 'count_tokens'),

  bad('model missing', { max_tokens: 16, messages: hi }, 'model: Field required'),
  bad('max_tokens missing', { model, messages: hi }, 'max_tokens: Field required'),
  bad('max_tokens 0', { ...ok, max_tokens: 0 }, 'max_tokens: Input should be greater than or equal to 1'),
  bad('max_tokens not an integer', { ...ok, max_tokens: 1.5 }, 'max_tokens: Input should be a valid integer'),
  bad(
    'max_tokens above the model limit',
    { ...ok, max_tokens: 200_000 },
    'max_tokens: 200000 > 128000, which is the maximum allowed number of output tokens for claude-haiku-5-5',
  ),
  bad('max_tokens above an older model limit', { ...ok, model: 'claude-haiku-4-5-20251001', max_tokens: 64_001 }, /^max_tokens: 64001 > 64000, /),
  bad('messages missing', { model, max_tokens: 16 }, 'messages: Field required'),
  bad('messages not a list', { ...ok, messages: 'hi' }, 'messages: Input should be a valid list'),
  bad('messages empty', { ...ok, messages: [] }, 'messages: at least one message is required'),
  bad('a turn without a role', { ...ok, messages: [{ content: 'hi' }] }, 'messages.0.role: Field required'),
  bad(
    'a system turn inside messages',
    { ...ok, messages: [{ role: 'system', content: 'be brief' }, ...hi] },
    "messages.0.role: Input should be 'user' or 'assistant'",
  ),
  bad('a turn without content', { ...ok, messages: [...hi, { role: 'assistant' }] }, 'messages.1.content: Field required'),
  bad('an extra field in a turn', { ...ok, messages: [{ ...hi[0], name: 'bob' }] }, 'messages.0.name: Extra inputs are not permitted'),
  bad('temperature above 1', { ...ok, temperature: 1.5 }, 'temperature: range: 0..1'),
  bad('temperature below 0', { ...ok, temperature: -0.1 }, 'temperature: range: 0..1'),
  bad('temperature null', { ...ok, temperature: null }, 'temperature: Input should be a valid number'),
  bad('top_p above 1', { ...ok, top_p: 1.5 }, 'top_p: range: 0..1'),
  bad('top_k not an integer', { ...ok, top_k: 1.5 }, 'top_k: Input should be a valid integer'),
  bad('stream not a boolean', { ...ok, stream: 'yes' }, 'stream: Input should be a valid boolean'),
  bad('stop_sequences not a list', { ...ok, stop_sequences: 'ZZ' }, 'stop_sequences: Input should be a valid array'),
  bad('service_tier unknown', { ...ok, service_tier: 'priority' }, "service_tier: Input should be 'auto' or 'standard_only'"),
  bad('metadata.user_id not a string', { ...ok, metadata: { user_id: 7 } }, 'metadata.user_id: Input should be a valid string'),
  bad('an extra field in metadata', { ...ok, metadata: { user_id: 'u', bogus: 'x' } }, 'metadata.bogus: Extra inputs are not permitted'),
  bad('an unknown top-level field', { ...ok, bogus_field: 1 }, 'bogus_field: Extra inputs are not permitted'),
  bad('a beta field without an anthropic-beta header', { ...ok, mcp_servers: [] }, 'mcp_servers: Extra inputs are not permitted'),
  bad('max_tokens on count_tokens', { ...count, max_tokens: 16 }, 'max_tokens: Extra inputs are not permitted', 'count_tokens'),
  bad('a body that is not a JSON object', '"hello"', /JSON object/),
];
