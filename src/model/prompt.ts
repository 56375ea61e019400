/** The marker a prompt carries its request id under, so a mock behind any service can find it. */
export const PROMPT_ID_LABEL = 'gameday-request-id';

/** The prompt a request carries: the id marker first, then filler of about `tokens` tokens. */
export function makePrompt(id: string, tokens: number): string {
  const head = `${PROMPT_ID_LABEL}: ${id}\n`;
  return head + 'lorem '.repeat(Math.max(0, Math.round(tokens * 4 - head.length) / 6) | 0);
}
