import { describe, expect, it } from 'vitest';
import { parseJsonCondition, parseJsonPath, type JsonCondition } from './json-condition.js';

const cond = (text: string) => parseJsonCondition(text) as JsonCondition;

describe('a condition on a job status document', () => {
  it('compares a path with a literal, == and !=', () => {
    expect(cond("$.state == 'completed'")({ state: 'completed' })).toBe(true);
    expect(cond("$.state == 'completed'")({ state: 'active' })).toBe(false);
    expect(cond('$.job.status != "queued"')({ job: { status: 'done' } })).toBe(true);
    expect(cond('$.done == true')({ done: true })).toBe(true);
    expect(cond('$.attempts == 3')({ attempts: 3 })).toBe(true);
    expect(cond('$.error == null')({ error: null })).toBe(true);
    expect(cond('$.items.0 == 1')({ items: [1] })).toBe(true);
    expect(cond("$.state == 'it\\'s'")({ state: "it's" })).toBe(true);
  });

  it('reads a missing path as undefined: never equal to a literal', () => {
    expect(cond("$.state == 'completed'")({})).toBe(false);
    expect(cond("$.state != 'completed'")(null)).toBe(true);
    expect(cond('$.a.b == 1')({ a: 5 })).toBe(false);
  });

  it('joins with || and &&, && binding tighter', () => {
    const c = cond("$.state == 'failed' || $.state == 'completed' && $.ok == false");
    expect(c({ state: 'failed' })).toBe(true);
    expect(c({ state: 'completed', ok: false })).toBe(true);
    expect(c({ state: 'completed', ok: true })).toBe(false);
  });

  it('says what is wrong with a condition it cannot read', () => {
    expect(parseJsonCondition("state == 'x'")).toMatch(/is not a comparison like/);
    expect(parseJsonCondition('$.state = 1')).toMatch(/`\$.state = 1`/);
    expect(parseJsonCondition("$.state == 'x' || ")).toMatch(/is not a comparison/);
  });

  it('reads a path', () => {
    expect(parseJsonPath('$.error.message')).toEqual(['error', 'message']);
    expect(parseJsonPath('$')).toEqual([]);
    expect(parseJsonPath('error')).toBeUndefined();
  });
});
