import { describe, expect, it } from 'vitest';
import { PairStrings } from './pair-strings';

describe('PairStrings', () => {
  it('gives the string built from two parts', () => {
    const names = new PairStrings((a, b) => `${b}_${a}`);
    expect(names.get('ns', 'svc')).toBe('svc_ns');
    expect(names.get('ns', 'other')).toBe('other_ns');
  });

  it('builds each pair once while under its limit', () => {
    let built = 0;
    const names = new PairStrings((a, b) => (built++, `${a}.${b}`), 3);
    for (let i = 0; i < 5; i++) names.get('a', 'b');
    expect(built).toBe(1);
  });

  it('starts over when full and still gives the right strings', () => {
    let built = 0;
    const names = new PairStrings((a, b) => (built++, `${a}.${b}`), 2);
    expect([names.get('a', '1'), names.get('a', '2'), names.get('a', '3'), names.get('a', '1')]).toEqual(['a.1', 'a.2', 'a.3', 'a.1']);
    expect(built).toBe(4);
  });
});
