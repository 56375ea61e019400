import { PROMPT_ID_MARKER } from '../model/index.js';

/** The header gameday's own service sends; a foreign service is found by the marker in the prompt. */
export const REQUEST_ID_HEADER = 'x-gameday-request-id';
export { makePrompt } from '../model/index.js';

/** Finds the logical request id in a Messages API call: header first, then metadata, then the prompt. */
export function findRequestId(header: string | null | undefined, body: unknown): string | undefined {
  if (header) return header;
  const b = body as { metadata?: { user_id?: unknown }; messages?: { content?: unknown }[] } | undefined;
  const meta = b?.metadata?.user_id;
  if (typeof meta === 'string' && meta.startsWith('gd-')) return meta;
  for (const m of b?.messages ?? []) {
    const text = typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? '');
    const found = PROMPT_ID_MARKER.exec(text);
    if (found) return found[1];
  }
  return undefined;
}

/** About four characters a token, as Anthropic's rule of thumb. */
export function estimateTokens(body: unknown): number {
  const msgs = (body as { messages?: { content?: unknown }[] } | undefined)?.messages ?? [];
  const chars = msgs.reduce((n, m) => n + (typeof m.content === 'string' ? m.content.length : JSON.stringify(m.content ?? '').length), 0);
  return Math.max(1, Math.ceil(chars / 4));
}
