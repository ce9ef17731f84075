import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uniqueSorted } from './virtual-service-expander';

describe('uniqueSorted', () => {
  it('sorts keys and keeps each once', () => {
    expect(uniqueSorted(['b', 'a', 'c', 'a', 'b'])).toEqual(['a', 'b', 'c']);
    expect(uniqueSorted([])).toEqual([]);
  });

  it('gives what a Set and Array.sort give, for any keys', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 4 }), { maxLength: 40 }), (keys) => {
        expect(uniqueSorted([...keys])).toEqual([...new Set(keys)].sort());
      }),
    );
  });
});
