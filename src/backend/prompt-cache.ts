import { createHash } from 'node:crypto';

/** How long an entry lives unused: the API's default (`5m`), and `ttl: '1h'`. Each read renews it. */
export const CACHE_TTL_MS = { '5m': 5 * 60_000, '1h': 60 * 60_000 } as const;
/** Block boundaries before a breakpoint at which the API also looks for an entry (a conversation's last turn, cached by the call before). */
const LOOKBACK_BLOCKS = 20;
/** Entries one mock holds at most: past it the least recently used goes first, so a long run's memory stays bounded. */
const MAX_ENTRIES = 10_000;

/** A block boundary of a prompt that can hit the cache: its prefix's hash and tokens, and, at a breakpoint, how long a write lives. */
export interface CachePoint {
  key: string;
  tokens: number;
  ttlMs?: number;
}

/** What a call asks of the prompt cache: its breakpoints and the boundaries looked back from them, in prompt order. */
export interface CacheRequest {
  points: CachePoint[];
}

/** A cached call's input usage, as the API reports it: input_tokens is only what follows the last cached prefix. */
export interface CacheUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
}

/**
 * The shortest prefix the API caches for a model (a shorter one is processed uncached, without an
 * error), by model family as the prompt-caching guide lists them: 512 tokens for the Opus 5, Fable
 * 5 and Mythos 5 families, 2048 for Opus 4.7 and Haiku 3 and 3.5, 4096 for Opus 4.5 and 4.6 and
 * Haiku 4.5, and 1024 for the others (Sonnet, Opus 4.8, and ids it does not know).
 */
export function minCacheTokens(model: string): number {
  if (/(opus|fable|mythos)-5/.test(model)) return 512;
  if (/opus-4-[56]|haiku-4-5/.test(model)) return 4096;
  if (/opus-4-7|haiku-3|3-(5-)?haiku/.test(model)) return 2048;
  return 1024;
}

interface Block {
  /** What identifies the block in a prefix: where it is, and its JSON without its cache_control. */
  id: string;
  /** Its characters as estimateTokens counts them, so a prefix's tokens are part of the call's. */
  chars: number;
  ttlMs?: number;
}

/**
 * The cache points of a Messages body, or undefined when it marks nothing to cache. The prompt is
 * read in the API's order, tools then system then messages; a block with `cache_control` ends a
 * cached prefix (a top-level `cache_control` marks the last block: automatic caching). A prefix is
 * keyed by a hash of the model and its blocks, so only the same model with the same prefix hits.
 */
export function cacheRequestOf(body: unknown): CacheRequest | undefined {
  const b = body as { model?: unknown; tools?: unknown; system?: unknown; messages?: { role?: unknown; content?: unknown }[]; cache_control?: unknown };
  if (typeof b !== 'object' || b === null || !marksCache(b)) return undefined;
  const blocks: Block[] = [];
  if (b.tools !== undefined) addContent(blocks, 't', b.tools, true);
  addContent(blocks, 's', b.system, false);
  if (Array.isArray(b.messages)) b.messages.forEach((m, i) => addContent(blocks, `m${i}:${String(m?.role)}`, m?.content, false));
  const automatic = ttlOf(b.cache_control);
  if (automatic !== undefined && blocks.length > 0) blocks[blocks.length - 1].ttlMs ??= automatic;
  const looked = new Set<number>();
  blocks.forEach((block, i) => {
    if (block.ttlMs !== undefined) for (let j = Math.max(0, i - LOOKBACK_BLOCKS); j <= i; j++) looked.add(j);
  });
  if (looked.size === 0) return undefined;
  const hash = createHash('sha256').update(String(b.model));
  const points: CachePoint[] = [];
  let chars = 0;
  blocks.forEach((block, i) => {
    hash.update(`\u0000${block.id}`);
    chars += block.chars;
    if (looked.has(i)) points.push({ key: hash.copy().digest('base64url'), tokens: Math.ceil(chars / 4), ttlMs: block.ttlMs });
  });
  return { points };
}

/** A cheap look before any hashing: most calls mark nothing, and pay only for this. */
function marksCache(b: { tools?: unknown; system?: unknown; messages?: { content?: unknown }[]; cache_control?: unknown }): boolean {
  const marked = (list: unknown) => Array.isArray(list) && list.some((x) => typeof x === 'object' && x !== null && 'cache_control' in x);
  if (b.cache_control !== undefined || marked(b.tools) || marked(b.system)) return true;
  return Array.isArray(b.messages) && b.messages.some((m) => marked(m?.content));
}

/** `cache_control: { type: 'ephemeral', ttl? }` as a lifetime; anything else marks nothing. */
function ttlOf(control: unknown): number | undefined {
  const c = control as { type?: unknown; ttl?: unknown } | undefined;
  if (c?.type !== 'ephemeral') return undefined;
  return c.ttl === '1h' ? CACHE_TTL_MS['1h'] : CACHE_TTL_MS['5m'];
}

/**
 * A content field's blocks, with their characters as estimateTokens counts them (a string as is,
 * tools as JSON, an array as its JSON with brackets and commas given to its elements), less their
 * cache_control: a prefix is the same, in key and tokens, wherever the breakpoints are.
 */
function addContent(blocks: Block[], where: string, content: unknown, json: boolean): void {
  if (content === undefined || content === null) return;
  if (typeof content === 'string') return void blocks.push({ id: `${where}\u0000${content}`, chars: json ? JSON.stringify(content).length : content.length });
  if (!Array.isArray(content)) return void blocks.push({ id: `${where}\u0000${JSON.stringify(content)}`, chars: JSON.stringify(content).length });
  content.forEach((item: unknown, k) => {
    const control = typeof item === 'object' && item !== null ? (item as { cache_control?: unknown }).cache_control : undefined;
    const text = (control === undefined ? JSON.stringify(item) : JSON.stringify({ ...(item as object), cache_control: undefined })) ?? 'null';
    blocks.push({ id: `${where}\u0000${text}`, chars: text.length + 1 + (k === content.length - 1 ? 1 : 0), ttlMs: ttlOf(control) });
  });
}

/**
 * One mock's prompt cache: from a prefix's hash to when it expires, in the mock's clock. Read and
 * written when an answer begins, as the API does it: the longest live prefix among a call's points
 * is read (and renewed), and each breakpoint past it that is long enough is written.
 */
export class PromptCache {
  private readonly entries = new Map<string, { expiresAt: number; ttlMs: number }>();

  constructor(private readonly maxEntries = MAX_ENTRIES) {}

  /** Entries held now (expired ones go when next looked up, or as the oldest). */
  get size(): number {
    return this.entries.size;
  }

  settle(req: CacheRequest, inputTokens: number, minTokens: number, now: number): CacheUsage {
    let read = 0;
    for (let i = req.points.length - 1; i >= 0 && read === 0; i--) if (this.hit(req.points[i].key, now)) read = req.points[i].tokens;
    const creation = { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 };
    let cached = read;
    for (const p of req.points) {
      if (p.ttlMs === undefined || p.tokens < minTokens || p.tokens <= cached) continue;
      this.store(p.key, p.ttlMs, now);
      if (p.ttlMs >= CACHE_TTL_MS['1h']) creation.ephemeral_1h_input_tokens += p.tokens - cached;
      else creation.ephemeral_5m_input_tokens += p.tokens - cached;
      cached = p.tokens;
    }
    return {
      input_tokens: Math.max(0, inputTokens - cached),
      cache_creation_input_tokens: cached - read,
      cache_read_input_tokens: read,
      cache_creation: creation,
    };
  }

  /** A live entry is renewed for its lifetime and becomes the most recently used; an expired one goes. */
  private hit(key: string, now: number): boolean {
    const e = this.entries.get(key);
    if (!e) return false;
    this.entries.delete(key);
    if (e.expiresAt <= now) return false;
    this.entries.set(key, { expiresAt: now + e.ttlMs, ttlMs: e.ttlMs });
    return true;
  }

  private store(key: string, ttlMs: number, now: number): void {
    this.entries.delete(key);
    this.entries.set(key, { expiresAt: now + ttlMs, ttlMs });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
