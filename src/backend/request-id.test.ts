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
