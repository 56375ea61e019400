import { deriveRng, type Clock, type Rng } from '../time/index.js';
import type { BackendLimits } from './limits.js';
import type { CacheTokens } from './pricing.js';
import { cacheRequestOf, minCacheTokens, PromptCache, type CacheRequest, type CacheUsage } from './prompt-cache.js';
import type { StreamPlan } from './sse.js';
import { answerContent, chooseTool, stopReasonOf, toolRequestOf, type ToolUseAnswer } from './tool-use.js';
import type { BackendStats, MessageUsage, MockAnswer, MockCall } from './types.js';

export type { CacheUsage } from './prompt-cache.js';

/** The `request-id` of the mock's seq-th answer. */
export function requestIdOf(seq: number): string {
  return `req_${seq.toString(36).padStart(8, '0')}`;
}

/**
 * A successful Messages answer. Body and headers are built only when read (the HTTP adapters read
 * both as the answer goes out): the virtual-time client reads only `usage`, and building the rest
 * was a third of the garbage of a simulated request. Headers give the rate limits as they stood
 * when it was answered. A class, not an object literal with getters (those cost about a kilobyte
 * per answer); its own state is private, and `toJSON` gives what an answer is.
 */
export class SuccessAnswer implements MockAnswer {
  readonly status = 200;
  readonly #call: MockCall;
  readonly #seq: number;
  readonly #limits: BackendLimits;
  readonly #at: number;
  readonly #tool: ToolUseAnswer | undefined;
  #body: object | undefined;
  #headers: Record<string, string> | undefined;

  constructor(
    call: MockCall,
    seq: number,
    readonly usage: MessageUsage,
    limits: BackendLimits,
    at: number,
    /** The tool it calls, when the call offered tools and the model (or tool_choice) chose one. */
    tool?: ToolUseAnswer,
  ) {
    this.#call = call;
    this.#seq = seq;
    this.#limits = limits;
    this.#at = at;
    this.#tool = tool;
  }

  get headers(): Record<string, string> {
    return (this.#headers ??= { ...this.#limits.headers(this.#at), 'request-id': requestIdOf(this.#seq), 'content-type': 'application/json' });
  }

  get body(): object {
    if (this.#body) return this.#body;
    const call = this.#call;
    const u = this.usage;
    const id = `msg_mock_${requestIdOf(this.#seq).slice(4)}`;
    return (this.#body = {
      id,
      type: 'message',
      role: 'assistant',
      model: call.model,
      content: answerContent(`Mock answer for ${call.requestIds.join(', ') || 'an unknown request'}.`, this.#tool, id),
      stop_reason: stopReasonOf(u.output_tokens, call.maxTokens, this.#tool),
      stop_sequence: null,
      usage: { ...u, cache_creation_input_tokens: u.cache_creation_input_tokens ?? 0, cache_read_input_tokens: u.cache_read_input_tokens ?? 0 },
    });
  }

  toJSON(): MockAnswer {
    return { status: this.status, headers: this.headers, body: this.body, usage: this.usage };
  }
}

/** What the scenario asks of answers beyond their timing. */
export interface AnswerConfig {
  /** Fraction of calls offering tools (with `tool_choice` auto or absent) answered with a `tool_use` block; `any` or `tool` always is. @default 0 */
  toolUse?: number;
}

/** What a Messages body asks beyond a plain answer: tools it offers, prefixes it marks for caching. Only the keys it asks for are set. */
export function requestFeatures(body: unknown): Pick<MockCall, 'tools' | 'cache'> {
  const tools = toolRequestOf(body);
  const cache = cacheRequestOf(body);
  return tools || cache ? { ...(tools && { tools }), ...(cache && { cache }) } : NOTHING;
}

const NOTHING = Object.freeze({});

/**
 * The parts of an answer that depend on what the call asked: a `tool_use` block when it offers
 * tools, and cache usage when it marks prefixes to cache. A plain call draws nothing and is
 * answered exactly as before; calls with tools draw from a stream of their own ('backend-tools'),
 * so seeded runs without them keep every figure.
 */
export class AnswerFeatures {
  private toolsRng: Rng | undefined;
  private readonly cache = new PromptCache();

  constructor(
    private readonly config: AnswerConfig,
    private readonly deps: { seed: number; clock: Clock },
  ) {}

  /** The answer's tool call, if any: decided once per answer. */
  tool(call: MockCall): ToolUseAnswer | undefined {
    if (!call.tools) return undefined;
    return chooseTool(call.tools, this.config.toolUse ?? 0, (this.toolsRng ??= deriveRng(this.deps.seed, 'backend-tools')));
  }

  /** The answer's usage, read and written against the prompt cache as the answer begins. */
  usage(call: MockCall, outputTokens: number): MessageUsage {
    if (!call.cache) return { input_tokens: call.inputTokens, output_tokens: outputTokens };
    return { ...this.settle(call.cache, call), output_tokens: outputTokens };
  }

  /** What a streamed answer's plan takes from the call: for a plain one only its stop reason, as it always was. */
  streamed(call: MockCall, outputTokens: number): Partial<StreamPlan> & Pick<StreamPlan, 'stopReason'> {
    if (!call.tools && !call.cache) return { stopReason: stopReasonOf(outputTokens, call.maxTokens, undefined) };
    const tool = this.tool(call);
    const cache = call.cache && this.settle(call.cache, call);
    return { inputTokens: cache?.input_tokens ?? call.inputTokens, stopReason: stopReasonOf(outputTokens, call.maxTokens, tool), tool, cache };
  }

  private settle(req: CacheRequest, call: MockCall): CacheUsage {
    return this.cache.settle(req, call.inputTokens, minCacheTokens(call.model), this.deps.clock.now());
  }
}

/** Adds a successful answer's usage to the stats (cache tokens from the first cached answer on) and returns its cache tokens, priced apart; undefined when it used no cache. */
export function addUsage(stats: BackendStats, usage: MessageUsage): CacheTokens | undefined {
  stats.inputTokens += usage.input_tokens;
  stats.outputTokens += usage.output_tokens;
  const created = usage.cache_creation;
  if (!created) return undefined;
  const tokens = { write5m: created.ephemeral_5m_input_tokens, write1h: created.ephemeral_1h_input_tokens, read: usage.cache_read_input_tokens ?? 0 };
  const total = (stats.cacheTokens ??= { write5m: 0, write1h: 0, read: 0 });
  total.write5m += tokens.write5m;
  total.write1h += tokens.write1h;
  total.read += tokens.read;
  return tokens;
}
