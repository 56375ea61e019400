import { z } from 'zod';
import { ConfigError, makePrompt, replaceVariables, variableValue } from '../model/index.js';
import type { JobOffer } from './transport.js';

/** What one job is sent as: its method, headers and body. */
export interface RequestParts {
  method: string;
  headers: Record<string, string>;
  body: string;
}

/** Builds each job's request; the callback URL is the run's (service.delivery callback). */
export type RequestBuilder = (offer: JobOffer) => RequestParts;

type Value = string | number;
/** What a template may name with `{{name}}`, each filled per job. */
const FIELDS = {
  id: (o: JobOffer) => o.id,
  prompt: (o: JobOffer) => makePrompt(o.id, o.inputTokens),
  priority: (o: JobOffer) => o.priority,
  input_tokens: (o: JobOffer) => o.inputTokens,
  max_tokens: (o: JobOffer) => o.maxTokens,
} satisfies Record<string, (o: JobOffer) => Value>;
type Field = keyof typeof FIELDS | 'callback';
const FIELD_NAMES: readonly Field[] = [...(Object.keys(FIELDS) as Field[]), 'callback'];

const PLACEHOLDER = /\{\{\s*([A-Za-z_]+)\s*\}\}/g;
const ONLY_PLACEHOLDER = /^\{\{\s*([A-Za-z_]+)\s*\}\}$/;

/** Every string a template holds: the header values and the body's strings, keys included. */
function templateStrings(r: { headers?: Record<string, string>; body?: unknown }): string[] {
  const out = Object.values(r.headers ?? {});
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        out.push(k);
        walk(x);
      }
  };
  walk(r.body);
  return out;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Headers the HTTP client sets itself, and refuses from a caller when the request is sent: refused here, at load. */
const CLIENT_OWNED = ['content-length', 'expect', 'keep-alive', 'transfer-encoding', 'upgrade'];

/**
 * Headers as a scenario writes them (service.request, an http probe): names HTTP allows, none the
 * client owns, none twice in another case (names are sent in lower case, so they would collide).
 */
export const headersSchema = z.record(z.string(), z.string()).superRefine((headers, ctx) => {
  const seen = new Set<string>();
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    const problem = !HEADER_NAME.test(name)
      ? `Expected a header name (letters, digits, -), got ${JSON.stringify(name)}`
      : CLIENT_OWNED.includes(lower)
        ? `\`${name}\` is set by the HTTP client itself; remove it`
        : seen.has(lower)
          ? `\`${name}\` is given twice (header names are the same in any case)`
          : undefined;
    seen.add(lower);
    if (problem) ctx.addIssue({ code: 'custom', path: [name], message: problem });
  }
});

/**
 * `service.request`: how each job is sent to your own service, declared here once. Header values
 * and the body are templates: `{{id}}`, `{{prompt}}` (a prompt carrying the id, which your service
 * forwards to Claude), `{{priority}}`, `{{input_tokens}}`, `{{max_tokens}}`, `{{callback}}` (the
 * service.delivery callback URL), and `${VAR}` from the environment, read when each request is
 * sent and never written to any output (for tokens and keys). Every job also carries header
 * `x-gameday-request-id`.
 * @example { method: POST, headers: { authorization: "Bearer ${STAGING_TOKEN}" }, body: { ref: "{{id}}", text: "{{prompt}}" } }
 */
export const requestSchema = z
  .object({
    /** @default POST */
    method: z.enum(['POST', 'PUT', 'PATCH']).default('POST'),
    /** Header templates, added to `content-type: application/json` (which a `content-type` here replaces). */
    headers: headersSchema.default({}),
    /**
     * A mapping, sent as JSON: a string that is one placeholder alone (`"{{max_tokens}}"`) is
     * sent as that value, a number stays a number; or a string, sent as written after its
     * placeholders are filled. @default gameday's own body: { id, priority, input_tokens, max_tokens, prompt }
     */
    body: z.union([z.string(), z.record(z.string(), z.json())]).optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    for (const text of templateStrings(r))
      for (const [, name] of text.matchAll(PLACEHOLDER))
        if (!(FIELD_NAMES as readonly string[]).includes(name))
          ctx.addIssue({
            code: 'custom',
            path: [],
            message: `unknown placeholder {{${name}}}; expected one of ${FIELD_NAMES.map((f) => `{{${f}}}`).join(', ')}`,
          });
  });

export type RequestConfig = z.output<typeof requestSchema>;

/** A template's text, cut once into literal pieces and per-job fields; `${VAR}`s are read here. */
function compileText(text: string, env: NodeJS.ProcessEnv, callbackUrl: string | undefined): (o: JobOffer) => string {
  const resolved = replaceVariables(text, (v) => {
    const value = variableValue(env, v.name, v.fallback);
    if (value === undefined)
      throw new ConfigError(
        `service.request reads \${${v.name}}, which is not set; export ${v.name}=... or give a default: \${${v.name}:-value}`,
        'GD_ERR_SCENARIO_ENV',
      );
    return value;
  });
  const pieces: (string | ((o: JobOffer) => Value))[] = [];
  let last = 0;
  for (const m of resolved.matchAll(PLACEHOLDER)) {
    pieces.push(resolved.slice(last, m.index), fieldOf(m[1] as Field, callbackUrl));
    last = m.index + m[0].length;
  }
  pieces.push(resolved.slice(last));
  if (pieces.length === 1) return () => resolved;
  return (o) => pieces.map((p) => (typeof p === 'string' ? p : String(p(o)))).join('');
}

function fieldOf(name: Field, callbackUrl: string | undefined): (o: JobOffer) => Value {
  return name === 'callback' ? () => callbackUrl ?? '' : FIELDS[name];
}

/** A JSON template: a string that is one placeholder alone becomes that value, typed. */
function compileJson(v: unknown, env: NodeJS.ProcessEnv, callbackUrl: string | undefined): (o: JobOffer) => unknown {
  if (typeof v === 'string') {
    const only = ONLY_PLACEHOLDER.exec(v);
    return only ? fieldOf(only[1] as Field, callbackUrl) : compileText(v, env, callbackUrl);
  }
  if (Array.isArray(v)) {
    const items = v.map((x) => compileJson(x, env, callbackUrl));
    return (o) => items.map((f) => f(o));
  }
  if (v && typeof v === 'object') {
    const entries = Object.entries(v).map(([k, x]) => [compileText(k, env, callbackUrl), compileJson(x, env, callbackUrl)] as const);
    return (o) => Object.fromEntries(entries.map(([k, f]) => [k(o), f(o)]));
  }
  return () => v;
}

/** gameday's own body, when the scenario gives none. */
function defaultBody(withPrompt: boolean, callbackUrl: string | undefined): (o: JobOffer) => string {
  return (o) =>
    JSON.stringify({
      id: o.id,
      priority: o.priority,
      input_tokens: o.inputTokens,
      max_tokens: o.maxTokens,
      // A service of your own forwards the prompt to Claude; the mock finds the id in it.
      ...(withPrompt ? { prompt: makePrompt(o.id, o.inputTokens) } : {}),
      ...(callbackUrl && { callback_url: callbackUrl }),
    });
}

export interface RequestBuilderOptions {
  /** The scenario's `service.request`, if any. */
  template?: RequestConfig;
  /** Where `${VAR}` is read. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** gameday's own body carries a prompt (your own service forwards it). */
  withPrompt?: boolean;
  /** The service.delivery callback URL: header `x-gameday-callback`, and `callback_url` in gameday's own body. */
  callbackUrl?: string;
}

/** Each job's method, headers and body, from the template (compiled once) or gameday's default. */
export function requestBuilder(opts: RequestBuilderOptions = {}): RequestBuilder {
  const { template, env = process.env, withPrompt = false, callbackUrl } = opts;
  const fixed: Record<string, string> = { 'content-type': 'application/json', ...(callbackUrl && { 'x-gameday-callback': callbackUrl }) };
  const headers = Object.entries(template?.headers ?? {}).map(([k, v]) => [k.toLowerCase(), compileText(v, env, callbackUrl)] as const);
  const body =
    template?.body === undefined
      ? defaultBody(withPrompt, callbackUrl)
      : typeof template.body === 'string'
        ? compileText(template.body, env, callbackUrl)
        : (
            (json) => (o: JobOffer) =>
              JSON.stringify(json(o))
          )(compileJson(template.body, env, callbackUrl));
  const method = template?.method ?? 'POST';
  return (o) => ({
    method,
    headers: { ...fixed, ...Object.fromEntries(headers.map(([k, f]) => [k, f(o)])), 'x-gameday-request-id': o.id },
    body: body(o),
  });
}

/**
 * The template's headers for a status poll of one job (service.delivery status): the same
 * credentials the job was sent with. A header that names a per-job field besides `{{id}}` is not
 * sent on polls (the poll knows only the id).
 */
export function statusHeaders(template: RequestConfig | undefined, env: NodeJS.ProcessEnv = process.env): (id: string) => Record<string, string> {
  const byId = Object.entries(template?.headers ?? {})
    .filter(([, v]) => [...v.matchAll(PLACEHOLDER)].every((m) => m[1] === 'id'))
    .map(([k, v]) => [k.toLowerCase(), compileText(v, env, undefined)] as const);
  return (id) => Object.fromEntries(byId.map(([k, f]) => [k, f({ index: -1, id, priority: '', inputTokens: 0, maxTokens: 0 })]));
}
