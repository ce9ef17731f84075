import { describe, expect, it } from 'vitest';
import { createJsRegexMatcher, re2Substitution, re2ToJs } from './regex';

describe('the default regex matcher', () => {
  const m = createJsRegexMatcher();

  it('matches the whole value only, even with alternation', () => {
    expect(m.fullMatch('a|ab', 'ab')).toBe(true);
    expect(m.fullMatch('b', 'abc')).toBe(false);
  });

  it('understands RE2 syntax JavaScript spells differently', () => {
    expect(m.fullMatch('(?P<id>[0-9]+)', '42')).toBe(true);
    expect(m.fullMatch('(?i)/API', '/api')).toBe(true);
    expect(m.fullMatch('\\A/x\\z', '/x')).toBe(true);
    expect(m.fullMatch('\\Q/a.b\\E', '/a.b')).toBe(true);
    expect(m.fullMatch('\\Q/a.b\\E', '/axb')).toBe(false);
    expect(m.fullMatch('[[:digit:]]+', '123')).toBe(true);
  });

  it('refuses RE2 flags JavaScript lacks and invalid patterns', () => {
    expect(() => re2ToJs('(?U)a+')).toThrow('(?U)');
    expect(() => m.fullMatch('(', 'x')).toThrow();
  });

  it('replaces every match with RE2 \\N substitutions, leaving $ literal', () => {
    expect(m.replaceAll('([a-z])-', 'a-b-c', '\\1+')).toBe('a+b+c');
    expect(m.replaceAll('x', 'axbx', '$')).toBe('a$b$');
    expect(re2Substitution('\\0\\\\')).toBe('$&\\');
  });
});
