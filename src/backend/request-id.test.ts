import { describe, expect, it } from 'vitest';
import { makePrompt } from '../model/index.js';
import { estimateTokens, findRequestIds } from './request-id.js';

const A = 'gd-0a1b2c3d-1';
const B = 'gd-0a1b2c3d-2';
const user = (content: unknown) => ({ role: 'user', content });

describe('findRequestIds: the id wherever a service puts it', () => {
  it('takes the header first, then metadata.user_id', () => {
    expect(findRequestIds(A, { metadata: { user_id: B }, messages: [user(makePrompt(B, 10))] })).toEqual([A]);
    expect(findRequestIds(undefined, { metadata: { user_id: B }, messages: [user('no id here')] })).toEqual([B]);
  });

  it('finds it in a message as a string or in blocks, upper-cased or trimmed', () => {
    expect(findRequestIds(null, { messages: [user(makePrompt(A, 10))] })).toEqual([A]);
    expect(findRequestIds(null, { messages: [user([{ type: 'text', text: `Job:${A.toUpperCase()}` }])] })).toEqual([A]);
    expect(findRequestIds(null, { messages: [user(makePrompt(A, 10).toUpperCase().trim())] })).toEqual([A]);
  });

  it('finds it in system, as a string or as blocks, when no message carries one', () => {
    expect(findRequestIds(null, { system: makePrompt(A, 5), messages: [user('Summarise the job.')] })).toEqual([A]);
    expect(findRequestIds(null, { system: [{ type: 'text', text: makePrompt(B, 5) }], messages: [user('go')] })).toEqual([B]);
  });

  it('lets the last user turn decide in a history', () => {
    const history = [user(makePrompt(A, 5)), { role: 'assistant', content: `Done with ${A}` }, user(makePrompt(B, 5))];
    expect(findRequestIds(null, { messages: history })).toEqual([B]);
  });

  it('credits every id of a batched turn, once each', () => {
    const ids = [1, 2, 3, 4, 5].map((n) => `gd-0a1b2c3d-${n}`);
    expect(findRequestIds(null, { messages: [user(ids.map((id) => makePrompt(id, 3)).join('\n') + ids[0])] })).toEqual(ids);
  });

  it('finds an id glued to letters, digits or underscores, in every place it may sit', () => {
    const placements = [`user_${A}`, `toolu_${A}`, `${A}_attempt2`, `job${A}`, `${A}abc`, `7${A}`, `job:${A}`, `job-${A}`, `[${A}]`];
    for (const text of placements) {
      expect(findRequestIds(text, undefined), `header ${text}`).toEqual([A]);
      expect(findRequestIds(null, { metadata: { user_id: text }, messages: [user('go')] }), `metadata ${text}`).toEqual([A]);
      expect(findRequestIds(null, { messages: [user(`Run ${text} now`)] }), `message ${text}`).toEqual([A]);
      expect(findRequestIds(null, { system: [{ type: 'text', text }], messages: [user('go')] }), `system ${text}`).toEqual([A]);
    }
    // A tool round trip: the id as the tool call's own id, echoed back in the tool result.
    const toolTurn = user([{ type: 'tool_result', tool_use_id: `toolu_${A}`, content: 'ok' }]);
    expect(
      findRequestIds(null, {
        messages: [user('go'), { role: 'assistant', content: [{ type: 'tool_use', id: `toolu_${A}`, name: 'f', input: {} }] }, toolTurn],
      }),
    ).toEqual([A]);
    // A digit right after the id makes another number: `<id>7` is request 17, the one reading that cannot be undone.
    expect(findRequestIds(`${A}7`, undefined)).toEqual(['gd-0a1b2c3d-17']);
  });

  it('returns nothing for a call without an id', () => {
    expect(findRequestIds(null, { messages: [user('hello')] })).toEqual([]);
    expect(findRequestIds(undefined, undefined)).toEqual([]);
  });

  it('counts system, tools and messages in the token estimate', () => {
    const base = estimateTokens({ messages: [user('x'.repeat(400))] });
    expect(base).toBe(100);
    expect(estimateTokens({ system: 'y'.repeat(400), messages: [user('x'.repeat(400))] })).toBe(200);
    expect(estimateTokens({ tools: [{ name: 'z'.repeat(390) }], messages: [user('x'.repeat(400))] })).toBeGreaterThan(200);
  });
});
