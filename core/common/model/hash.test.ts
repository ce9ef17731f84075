import { describe, expect, it } from 'vitest';
import { hashLanes, hashString, hexLanes } from './hash';

describe('hashString', () => {
  it('gives the digits versions and generations were stored with', () => {
    expect(hashString('')).toBe('ab3e7c0ba183f3bb');
    expect(hashString('a')).toBe('e6db3b2624573809');
    expect(hashString('vhost|1|abc')).toBe('4103a6efb38c0053');
    expect(hashString('é€😀')).toBe('a617c6d2396f76f0');
  });

  it('writes both lanes as 8 hex digits each, leading zeros kept', () => {
    expect(hexLanes(0, 0xffffffff)).toBe('00000000ffffffff');
    expect(hexLanes(0x0a0b0c0d, 1)).toBe('0a0b0c0d00000001');
    const [a, b] = hashLanes('x');
    expect(hashString('x')).toBe(hexLanes(a, b));
  });
});
