import { describe, expect, it } from 'vitest';
import { byteSize, formatByteSize, parseByteSize } from './byte-size.js';

describe('byte sizes', () => {
  it('reads decimal and binary units in any case, and bare byte counts', () => {
    expect(parseByteSize('32MB')).toBe(32_000_000);
    expect(parseByteSize('256 mb')).toBe(256_000_000);
    expect(parseByteSize('512kB')).toBe(512_000);
    expect(parseByteSize('1MiB')).toBe(1_048_576);
    expect(parseByteSize('1.1MB')).toBe(1_100_000);
    expect(parseByteSize('1048576')).toBe(1_048_576);
    expect(parseByteSize(1_048_576)).toBe(1_048_576);
    expect(parseByteSize('12B')).toBe(12);
  });

  it('refuses what is no size: unknown units, a fraction of a byte, negatives', () => {
    for (const v of ['32 parsecs', '1.5', '1.5B', '-1MB', '', 'MB', 1.5, -3, null]) expect(parseByteSize(v)).toBeUndefined();
  });

  it('writes a size exactly, in the largest unit that divides it', () => {
    expect(formatByteSize(32_000_000)).toBe('32 MB');
    expect(formatByteSize(1_048_576)).toBe('1 MiB');
    expect(formatByteSize(1_500)).toBe('1,500 bytes');
    expect(formatByteSize(1)).toBe('1 byte');
  });

  it('as a schema field: bytes out, bounds and bad input named', () => {
    const field = byteSize('backend.maxBody', 1_000_000);
    expect(field.parse('1MB')).toBe(1_000_000);
    expect(field.safeParse('2MB').error?.issues[0].message).toBe('Expected `backend.maxBody` from 1 byte to 1 MB, got "2MB"');
    expect(field.safeParse(0).error?.issues[0].message).toContain('from 1 byte');
    expect(field.safeParse('lots').error?.issues[0].message).toContain('Expected a size such as 32MB');
  });
});
