// Regular expressions for `safe_regex` matchers. Envoy uses RE2
// (https://www.envoyproxy.io/docs/envoy/latest/api-v3/type/matcher/v3/regex.proto); the default
// matcher here runs JavaScript RegExp after rewriting the RE2-only syntax it can (named groups,
// leading flags, \A \z, \Q…\E, POSIX classes). Callers that need exact RE2 behaviour pass their own.

/** Runs Envoy regex matchers; both methods throw when the pattern is invalid. */
export interface RegexMatcher {
  /** Whether the whole of `value` matches `pattern` (Envoy's `safe_regex` is a full match). */
  fullMatch(pattern: string, value: string): boolean;
  /** `value` with every match of `pattern` replaced by `substitution`, where `\1`…`\9` name capture groups (RE2 GlobalReplace). */
  replaceAll(pattern: string, value: string, substitution: string): string;
}

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/** The JavaScript source and flags for an RE2 pattern; throws on RE2 features JavaScript lacks (`(?U)`). */
export function re2ToJs(pattern: string): { source: string; flags: string } {
  let source = pattern;
  let flags = '';
  const lead = /^\(\?([imsU]+)\)/.exec(source);
  if (lead) {
    if (lead[1].includes('U')) throw new Error(`regex ${pattern}: the (?U) flag has no JavaScript equivalent`);
    // (?m) only changes ^ and $ inside the pattern; a full match anchors the whole value anyway.
    flags = [...new Set(lead[1].replace('m', ''))].join('');
    source = source.slice(lead[0].length);
  }
  source = source.replace(/\\Q([\s\S]*?)(\\E|$)/g, (_m, lit: string) => lit.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'));
  source = source.replace(/\(\?P</g, '(?<');
  source = source.replace(/\[:([a-z]+):\]/g, (m, name: string) => POSIX[name] ?? m);
  source = source.replace(/(^|[^\\])((?:\\\\)*)\\A/g, '$1$2^').replace(/(^|[^\\])((?:\\\\)*)\\z/g, '$1$2$');
  return { source, flags };
}

/** A RegexMatcher on JavaScript RegExp with compiled patterns cached; RE2 and JavaScript agree on the common syntax. */
export function createJsRegexMatcher(): RegexMatcher {
  const full = new Map<string, RegExp>();
  const global = new Map<string, RegExp>();
  const compile = (cache: Map<string, RegExp>, pattern: string, wrap: boolean, extra: string): RegExp => {
    let re = cache.get(pattern);
    if (!re) {
      const { source, flags } = re2ToJs(pattern);
      re = new RegExp(wrap ? `^(?:${source})$` : source, flags + extra);
      if (cache.size > 5000) cache.clear();
      cache.set(pattern, re);
    }
    return re;
  };
  return {
    fullMatch: (pattern, value) => compile(full, pattern, true, '').test(value),
    replaceAll: (pattern, value, substitution) => {
      const re = compile(global, pattern, false, 'g');
      re.lastIndex = 0;
      return value.replace(re, re2Substitution(substitution));
    },
  };
}

/** An RE2 substitution string (`\1`, `\0`, `\\`) as a JavaScript replacement string. */
export function re2Substitution(substitution: string): string {
  return substitution.replace(/\$/g, '$$$$').replace(/\\(\d|\\)/g, (_m, d: string) => (d === '\\' ? '\\' : d === '0' ? '$&' : `$${d}`));
}

/** The matcher used when the caller passes none. */
export const defaultRegexMatcher: RegexMatcher = createJsRegexMatcher();
