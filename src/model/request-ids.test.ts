import { describe, expect, it } from 'vitest';
import { RequestIds } from './request-ids.js';

describe('RequestIds.index', () => {
  const ids = new RequestIds('0a1b2c3d');

  it('reads back every id it made', () => {
    for (const i of [0, 1, 9, 10, 12_345, 359_999, 2 ** 40]) expect(ids.index(ids.id(i))).toBe(i);
  });

  it('agrees with the full parse on ids that are not quite its own', () => {
    const cases = [
      'gd-0a1b2c3d-',
      'gd-0a1b2c3d-12a',
      'gd-0a1b2c3d-12 ',
      ' gd-0a1b2c3d-12',
      'GD-0A1B2C3D-12',
      'gd-0a1b2c3d-007',
      'gd-0a1b2c3d--1',
      'gd-0a1b2c3d-1.5',
      `gd-0a1b2c3d-${'9'.repeat(17)}`,
      `gd-0a1b2c3d-${Number.MAX_SAFE_INTEGER}`,
      `gd-0a1b2c3d-${Number.MAX_SAFE_INTEGER + 1}`,
      'gd-ffffffff-12',
      'gd-0a1b2c3d',
      '',
      undefined,
    ];
    const expected = [-1, -1, 12, 12, 12, 7, -1, -1, -1, Number.MAX_SAFE_INTEGER, -1, -1, -1, -1, -1];
    expect(cases.map((c) => ids.index(c))).toEqual(expected);
    // The same through the regular-expression parse alone.
    expect(cases.map((c) => (ids.owner(c)?.kind === 'ours' ? (ids.owner(c) as { index: number }).index : -1))).toEqual(expected);
  });
});
