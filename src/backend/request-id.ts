import { idsInText } from '../model/index.js';

/** The header gameday's own service sends; a foreign service is found by the ids in its prompt. */
export const REQUEST_ID_HEADER = 'x-gameday-request-id';
export { makePrompt } from '../model/index.js';

interface MessagesBody {
  metadata?: { user_id?: unknown };
  system?: unknown;
  messages?: { role?: unknown; content?: unknown }[];
  tools?: unknown;
}

/**
 * The gameday ids a Messages API call carries, wherever a service put them, all lower-cased:
 * 1. the `x-gameday-request-id` header, then `metadata.user_id` (each may list several, comma-separated);
 * 2. else the messages: the last user turn that carries ids decides (a history repeats earlier
 *    jobs; the new one is last), and every id in that turn counts (a batched prompt);
 * 3. else any other message (the last one with ids), then `system` (string or text blocks).
 * An empty list means the call carried no id: the mock counts it as unidentified.
 */
export function findRequestIds(header: string | null | undefined, body: unknown): string[] {
  const fromHeader = header ? idsInText(header) : [];
  if (fromHeader.length > 0) return fromHeader;
  const b = (body ?? {}) as MessagesBody;
  const meta = b.metadata?.user_id;
  const fromMeta = typeof meta === 'string' ? idsInText(meta) : [];
  if (fromMeta.length > 0) return fromMeta;
  const turns = Array.isArray(b.messages) ? b.messages.map((m) => ({ user: m?.role === 'user', ids: idsInText(textOf(m?.content)) })) : [];
  const withIds = turns.filter((t) => t.ids.length > 0);
  const lastUser = withIds.filter((t) => t.user).at(-1) ?? withIds.at(-1);
  if (lastUser) return lastUser.ids;
  return idsInText(textOf(b.system));
}

/** The text of a content field: a string, or the text of its blocks (text, tool results, anything nested). */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (content === undefined || content === null) return '';
  return JSON.stringify(content);
}

/** What a call asked, as a 32-bit FNV-1a hash of its system and messages: equal for a retry, different for the next step of a chain. */
export function contentFingerprint(body: unknown): number {
  const b = (body ?? {}) as MessagesBody;
  const text = JSON.stringify([b.system ?? null, b.messages ?? null]);
  let h = 0x811c9dc5;
  for (let k = 0; k < text.length; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
  return h >>> 0;
}

/** About four characters a token, as Anthropic's rule of thumb: system, tools and messages counted. */
export function estimateTokens(body: unknown): number {
  const b = (body ?? {}) as MessagesBody;
  const msgs = Array.isArray(b.messages) ? b.messages : [];
  const chars = msgs.reduce((n, m) => n + textOf(m?.content).length, textOf(b.system).length + (b.tools === undefined ? 0 : JSON.stringify(b.tools).length));
  return Math.max(1, Math.ceil(chars / 4));
}
