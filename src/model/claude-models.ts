/**
 * The Claude models the Claude API documents as callable, as data: what the mock lists on
 * `GET /v1/models`, the ids it serves, each model's output limit (a larger `max_tokens` is a 400)
 * and its prices (the cost estimate and the spend limit).
 *
 * This is the documented lineup as of December 2026, read from the models overview
 * (https://platform.claude.com/docs/en/about-claude/models/overview), each model's page
 * (https://platform.claude.com/docs/en/models/<name>/overview) and the deprecations page
 * (https://platform.claude.com/docs/en/about-claude/model-deprecations). When Anthropic releases or
 * retires a model, update this list from those pages; a scenario can meanwhile name any other id
 * in `backend.models`.
 *
 * Left out on purpose: retired models (a call to one fails on the API too: Claude Sonnet 4.5 retired
 * on November 30, 2026; Opus 4.1, Opus 4 and Sonnet 4 earlier), and the Mythos models, which the
 * docs list but only invited organisations can call.
 */

/** One documented model, as the Models API describes it, with the figures the mock needs. */
export interface ClaudeModel {
  /** The "Claude API ID", exactly as the docs give it. */
  id: string;
  display_name: string;
  /** The release date, as the Models API gives `created_at` (RFC 3339). */
  created_at: string;
  /** Other ids the API accepts for this model (the undated aliases of models before the 4.6 generation). */
  aliases?: readonly string[];
  /** The context window, in tokens. */
  contextWindow: number;
  /** The largest `max_tokens` the API accepts for this model (the Batch API's beta for longer output aside). */
  maxOutput: number;
  /** USD per million input and output tokens; for tiered prices, the tier of prompts up to its threshold (see `longPrompt`). */
  price: { input: number; output: number };
  /** Prices for a prompt above `above` input tokens, where the docs price such prompts apart. */
  longPrompt?: { above: number; input: number; output: number };
  /** `legacy`: still served, no longer updated; `deprecated`: still served until `retires`. */
  status: 'active' | 'legacy' | 'deprecated';
  /** Deprecated models: the documented retirement date (YYYY-MM-DD). */
  retires?: string;
  /** The docs page the figures were read from. */
  source: string;
}

const PAGE = 'https://platform.claude.com/docs/en/models';
const M = 1_000_000;
const K = 1_000;

/** Newest first, as `GET /v1/models` lists them. */
export const CLAUDE_MODELS: readonly ClaudeModel[] = [
  {
    id: 'claude-fable-5-2',
    display_name: 'Claude Fable 5.2',
    created_at: '2026-11-09T00:00:00Z',
    contextWindow: M,
    maxOutput: 128 * K,
    price: { input: 8, output: 40 },
    status: 'active',
    source: `${PAGE}/fable-5-2/overview`,
  },
  {
    id: 'claude-haiku-5-5',
    display_name: 'Claude Haiku 5.5',
    created_at: '2026-10-07T00:00:00Z',
    contextWindow: M,
    maxOutput: 128 * K,
    // "From $0.10 / $0.50": prompts up to 100K tokens; longer prompts cost $0.50 / $2.50.
    price: { input: 0.1, output: 0.5 },
    longPrompt: { above: 100 * K, input: 0.5, output: 2.5 },
    status: 'active',
    source: `${PAGE}/haiku-5-5/overview`,
  },
  {
    id: 'claude-sonnet-5-5',
    display_name: 'Claude Sonnet 5.5',
    created_at: '2026-09-28T00:00:00Z',
    contextWindow: M,
    maxOutput: 128 * K,
    price: { input: 2, output: 10 },
    status: 'active',
    source: `${PAGE}/sonnet-5-5/overview`,
  },
  {
    id: 'claude-opus-5-5',
    display_name: 'Claude Opus 5.5',
    created_at: '2026-09-22T00:00:00Z',
    contextWindow: M,
    maxOutput: 128 * K,
    price: { input: 4, output: 20 },
    status: 'active',
    source: `${PAGE}/opus-5-5/overview`,
  },
  {
    id: 'claude-fable-5-1',
    display_name: 'Claude Fable 5.1',
    created_at: '2026-09-01T00:00:00Z',
    contextWindow: M,
    maxOutput: 128 * K,
    price: { input: 10, output: 50 },
    status: 'legacy',
    source: `${PAGE}/fable-5-1/overview`,
  },
  {
    id: 'claude-opus-5',
    display_name: 'Claude Opus 5',
    created_at: '2026-07-24T00:00:00Z',
    contextWindow: M,
    maxOutput: 128 * K,
    price: { input: 5, output: 25 },
    status: 'legacy',
    source: `${PAGE}/opus-5/overview`,
  },
  {
    id: 'claude-sonnet-5',
    display_name: 'Claude Sonnet 5',
    created_at: '2026-06-30T00:00:00Z',
    contextWindow: M,
    maxOutput: 128 * K,
    price: { input: 2, output: 10 },
    status: 'legacy',
    source: `${PAGE}/sonnet-5/overview`,
  },
  {
    id: 'claude-fable-5',
    display_name: 'Claude Fable 5',
    created_at: '2026-06-09T00:00:00Z',
    contextWindow: M,
    maxOutput: 128 * K,
    price: { input: 10, output: 50 },
    status: 'legacy',
    source: `${PAGE}/fable-5/overview`,
  },
  {
    id: 'claude-opus-4-8',
    display_name: 'Claude Opus 4.8',
    created_at: '2026-05-28T00:00:00Z',
    contextWindow: M,
    maxOutput: 128 * K,
    price: { input: 5, output: 25 },
    status: 'legacy',
    source: `${PAGE}/opus-4-8/overview`,
  },
  {
    id: 'claude-opus-4-7',
    display_name: 'Claude Opus 4.7',
    created_at: '2026-04-16T00:00:00Z',
    contextWindow: M,
    maxOutput: 128 * K,
    price: { input: 5, output: 25 },
    status: 'legacy',
    source: `${PAGE}/opus-4-7/overview`,
  },
  {
    id: 'claude-sonnet-4-6',
    display_name: 'Claude Sonnet 4.6',
    created_at: '2026-02-17T00:00:00Z',
    contextWindow: M,
    maxOutput: 128 * K,
    price: { input: 3, output: 15 },
    status: 'legacy',
    source: `${PAGE}/sonnet-4-6/overview`,
  },
  {
    id: 'claude-opus-4-6',
    display_name: 'Claude Opus 4.6',
    created_at: '2026-02-05T00:00:00Z',
    contextWindow: M,
    maxOutput: 128 * K,
    price: { input: 5, output: 25 },
    status: 'legacy',
    source: `${PAGE}/opus-4-6/overview`,
  },
  {
    id: 'claude-opus-4-5-20251101',
    display_name: 'Claude Opus 4.5',
    created_at: '2025-11-24T00:00:00Z',
    aliases: ['claude-opus-4-5'],
    contextWindow: 200 * K,
    maxOutput: 64 * K,
    price: { input: 5, output: 25 },
    status: 'deprecated',
    retires: '2027-01-22',
    source: `${PAGE}/opus-4-5/overview`,
  },
  {
    id: 'claude-haiku-4-5-20251001',
    display_name: 'Claude Haiku 4.5',
    created_at: '2025-10-15T00:00:00Z',
    aliases: ['claude-haiku-4-5'],
    contextWindow: 200 * K,
    maxOutput: 64 * K,
    price: { input: 1, output: 5 },
    status: 'legacy',
    source: `${PAGE}/haiku-4-5/overview`,
  },
];

/** The fast, cheap current model: what a load test calls unless the scenario says otherwise. */
export const DEFAULT_CLAUDE_MODEL = 'claude-haiku-5-5';

const byId = new Map<string, ClaudeModel>(CLAUDE_MODELS.flatMap((m) => [m.id, ...(m.aliases ?? [])].map((id) => [id, m] as const)));

/** The documented model an id (or alias) names, or undefined for any other id. */
export function claudeModel(id: string): ClaudeModel | undefined {
  return byId.get(id);
}

/** Every id the API accepts for a documented model, aliases included. */
export function documentedModelIds(): string[] {
  return [...byId.keys()];
}
