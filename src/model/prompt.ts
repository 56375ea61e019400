/** How a prompt carries gameday's request id, so a mock behind any service can find it. */
export const PROMPT_ID_MARKER = /gameday-request-id:\s*(gd-\d+)/;

/** The prompt a request carries: the id marker first, then filler of about `tokens` tokens. */
export function makePrompt(id: string, tokens: number): string {
  const head = `gameday-request-id: ${id}\n`;
  return head + 'lorem '.repeat(Math.max(0, Math.round(tokens * 4 - head.length) / 6) | 0);
}
