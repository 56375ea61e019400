import { describe, expect, it } from 'vitest';
import { isServiceSideError } from './transport.js';

describe('isServiceSideError', () => {
  it('a refused or reset connection is the service; a local resource failure is the generator', () => {
    expect(isServiceSideError({ kind: 'network', code: 'ECONNREFUSED' })).toBe(true);
    expect(isServiceSideError({ kind: 'network', code: 'EMFILE' })).toBe(false);
    expect(isServiceSideError({ kind: 'timeout' })).toBe(false);
  });
});
