import { describe, expect, it } from 'vitest';
import { memoizeValidator, re2FallbackValidator } from './regex';
import { RE2_INVALID, RE2_VALID } from './testing/regex-cases';

describe('RE2 fallback validator', () => {
  it.each(RE2_VALID)('accepts %s', (p) => expect(re2FallbackValidator(p)).toBeUndefined());
  it.each(RE2_INVALID)('rejects %s', (p, why) => expect(re2FallbackValidator(p)).toContain(why));

  it('memoizes: each distinct pattern is checked once', () => {
    let calls = 0;
    const v = memoizeValidator((p) => {
      calls++;
      return p === 'bad' ? 'no' : undefined;
    });
    expect([v('a'), v('bad'), v('a'), v('bad')]).toEqual([undefined, 'no', undefined, 'no']);
    expect(calls).toBe(2);
  });
});
