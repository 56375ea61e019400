/**
 * What the Messages API refuses before any work, in its own words: a 400 `invalid_request_error`
 * for a body it would not read, a 404 `not_found_error` for a model it does not serve. The
 * wording is the API's as callers have recorded it (pydantic-style `<field>: <problem>` messages,
 * `temperature: range: 0..1`, `<field>: Extra inputs are not permitted`, the `max_tokens` limit
 * sentence); where no recording was found the message keeps that form, and is marked below.
 * Only what the API refuses is refused: consecutive turns of one role (the API combines them), a
 * conversation opening with the assistant, a final assistant turn (a prefill) and a negative
 * `top_k` (measured accepted) all pass. Refusals that depend on the model's generation (sampling
 * parameters that newer models refuse outright, thinking settings) are not modelled.
 */

export type Route = 'messages' | 'count_tokens';

export interface Refusal {
  status: 400 | 404;
  message: string;
}

export interface ValidateOptions {
  /** The largest `max_tokens` a model takes, or undefined for a model the mock does not serve. */
  maxOutput(model: string): number | undefined;
  /** The request named a beta (`anthropic-beta` header): the beta-only fields are accepted. */
  beta: boolean;
}

/** Top-level fields `POST /v1/messages` takes: the API's, as measured and as the official SDK types them. */
const MESSAGES_FIELDS = new Set([
  'model',
  'messages',
  'max_tokens',
  'system',
  'metadata',
  'stop_sequences',
  'stream',
  'temperature',
  'top_p',
  'top_k',
  'tools',
  'tool_choice',
  'thinking',
  'service_tier',
  'container',
  'cache_control',
  'inference_geo',
  'output_config',
  'speed',
  'diagnostics',
  'user_profile_id',
  'workspace_id',
]);

/** ...and `POST /v1/messages/count_tokens` (which refuses `max_tokens` as an extra input). */
const COUNT_FIELDS = new Set(['model', 'messages', 'system', 'tools', 'tool_choice', 'thinking', 'output_config', 'cache_control', 'speed']);

/** Fields only a request naming a beta may send: without the header the API calls them extra inputs. */
const BETA_FIELDS = new Set([
  'mcp_servers',
  'context_management',
  'compaction',
  'output_format',
  'fallbacks',
  'fallback_credit_token',
  'billing_policy',
  'thread',
]);

const MESSAGE_FIELDS = new Set(['role', 'content']);
const METADATA_FIELDS = new Set(['user_id']);
const SERVICE_TIERS = ['auto', 'standard_only'];

const bad = (message: string): Refusal => ({ status: 400, message });
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** The refusal the API gives this body on `route`, or undefined for a body it would serve. */
export function refusalOf(route: Route, body: unknown, opts: ValidateOptions): Refusal | undefined {
  // No recording of the API's words for a body that is not a JSON object; the form is kept.
  if (!isObject(body)) return bad('The request body is not a JSON object');
  const problem = requiredFields(route, body) ?? messagesProblem(body.messages) ?? fieldProblem(body) ?? extraField(route, body, opts.beta);
  if (problem) return bad(problem);
  const model = body.model as string;
  const limit = opts.maxOutput(model);
  if (limit === undefined) return { status: 404, message: `model: ${model.slice(0, 200)}` };
  const maxTokens = body.max_tokens as number;
  if (route === 'messages' && maxTokens > limit)
    return bad(`max_tokens: ${maxTokens} > ${limit}, which is the maximum allowed number of output tokens for ${model}`);
  return undefined;
}

/** The fields every call needs, in the order the API reports them (model, then messages, then max_tokens). */
function requiredFields(route: Route, b: Record<string, unknown>): string | undefined {
  if (b.model === undefined) return 'model: Field required';
  if (typeof b.model !== 'string' || b.model === '') return 'model: Input should be a valid string';
  if (b.messages === undefined) return 'messages: Field required';
  if (route === 'count_tokens') return undefined;
  if (b.max_tokens === undefined) return 'max_tokens: Field required';
  if (!Number.isInteger(b.max_tokens)) return 'max_tokens: Input should be a valid integer';
  if ((b.max_tokens as number) < 1) return 'max_tokens: Input should be greater than or equal to 1';
  return undefined;
}

/**
 * The conversation: a non-empty list of `{role, content}` turns, `role` user or assistant (a
 * system prompt goes in the top-level `system`), `content` a string or a list of blocks.
 */
function messagesProblem(messages: unknown): string | undefined {
  if (!Array.isArray(messages)) return 'messages: Input should be a valid list';
  if (messages.length === 0) return 'messages: at least one message is required';
  for (const [k, m] of messages.entries()) {
    // No recording for a turn that is not an object; pydantic's wording for a model field is kept.
    if (!isObject(m)) return `messages.${k}: Input should be a valid dictionary`;
    if (m.role === undefined) return `messages.${k}.role: Field required`;
    if (m.role !== 'user' && m.role !== 'assistant') return `messages.${k}.role: Input should be 'user' or 'assistant'`;
    if (m.content === undefined || m.content === null) return `messages.${k}.content: Field required`;
    // No recording for content of the wrong type; the form of the API's other type errors is kept.
    if (typeof m.content !== 'string' && !Array.isArray(m.content)) return `messages.${k}.content: Input should be a valid list`;
    const extra = Object.keys(m).find((f) => !MESSAGE_FIELDS.has(f));
    if (extra) return `messages.${k}.${extra}: Extra inputs are not permitted`;
  }
  return undefined;
}

/** Optional fields of the wrong type or out of range; `null` is no omission on this API. */
function fieldProblem(b: Record<string, unknown>): string | undefined {
  for (const f of ['temperature', 'top_p'] as const) {
    if (!(f in b)) continue;
    if (!isNumber(b[f])) return `${f}: Input should be a valid number`;
    if ((b[f] as number) < 0 || (b[f] as number) > 1) return `${f}: range: 0..1`;
  }
  if ('top_k' in b && !Number.isInteger(b.top_k)) return 'top_k: Input should be a valid integer';
  if ('stream' in b && typeof b.stream !== 'boolean') return 'stream: Input should be a valid boolean';
  if ('stop_sequences' in b) {
    if (!Array.isArray(b.stop_sequences)) return 'stop_sequences: Input should be a valid array';
    const k = b.stop_sequences.findIndex((s) => typeof s !== 'string');
    if (k >= 0) return `stop_sequences.${k}: Input should be a valid string`;
  }
  if ('service_tier' in b && !SERVICE_TIERS.includes(b.service_tier as string)) return "service_tier: Input should be 'auto' or 'standard_only'";
  return metadataProblem(b);
}

/** `metadata` holds `user_id` (a string) and nothing else. */
function metadataProblem(b: Record<string, unknown>): string | undefined {
  if (!('metadata' in b)) return undefined;
  // No recording for metadata that is not an object; pydantic's wording is kept.
  if (!isObject(b.metadata)) return 'metadata: Input should be a valid dictionary';
  const extra = Object.keys(b.metadata).find((f) => !METADATA_FIELDS.has(f));
  if (extra) return `metadata.${extra}: Extra inputs are not permitted`;
  const id = b.metadata.user_id;
  if (id !== undefined && id !== null && typeof id !== 'string') return 'metadata.user_id: Input should be a valid string';
  return undefined;
}

/** The first field the route does not take, in body order (the API names the first one). */
function extraField(route: Route, b: Record<string, unknown>, beta: boolean): string | undefined {
  const known = route === 'messages' ? MESSAGES_FIELDS : COUNT_FIELDS;
  const extra = Object.keys(b).find((f) => !known.has(f) && !(beta && BETA_FIELDS.has(f)));
  return extra === undefined ? undefined : `${extra}: Extra inputs are not permitted`;
}
