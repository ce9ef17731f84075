// RE2 syntax checks in pure code. Envoy compiles every safe_regex with Google RE2, which has no
// backtracking features: it rejects backreferences, lookaround, atomic groups, possessive
// quantifiers, \Z, \G and other Perl-only escapes (github.com/google/re2/wiki/Syntax). This is an
// approximation; the Node side plugs in the real RE2 (re2-wasm) through PipelineOptions.regexValidator.
import type { RegexValidator } from './types';

const LETTER_ESCAPES = new Set(['a', 'f', 't', 'n', 'r', 'v', 'd', 'D', 's', 'S', 'w', 'W', 'b', 'B', 'A', 'z', 'C']);
const POSIX_CLASSES = new Set(['alnum', 'alpha', 'ascii', 'blank', 'cntrl', 'digit', 'graph', 'lower', 'print', 'punct', 'space', 'upper', 'word', 'xdigit']);
const MAX_REPEAT = 1000;

/** A pure RE2 check: undefined when RE2 would compile the pattern, else why not (in RE2's words where possible). */
export const re2FallbackValidator: RegexValidator = (pattern) => scan(pattern) ?? jsCheck(pattern);

/** Wraps a validator with a per-pattern memo, so each distinct pattern is checked once per pipeline. */
export function memoizeValidator(validator: RegexValidator): RegexValidator {
  const memo = new Map<string, string | undefined>();
  return (pattern) => {
    if (memo.has(pattern)) return memo.get(pattern);
    const result = validator(pattern);
    if (memo.size > 10_000) memo.clear();
    memo.set(pattern, result);
    return result;
  };
}

interface ScanState {
  i: number;
  /** 0: not after a repetition; 1: right after one; 2: after a repetition and its lazy `?`. */
  rep: 0 | 1 | 2;
  /** Whether something a repetition could apply to precedes (flag groups are transparent in RE2). */
  operand: boolean;
  names: Set<string>;
}

function scan(p: string): string | undefined {
  const s: ScanState = { i: 0, rep: 0, operand: false, names: new Set() };
  while (s.i < p.length) {
    const c = p[s.i];
    const problem = c === '\\' ? escape(p, s, false) : c === '[' ? charClass(p, s) : c === '(' ? group(p, s) : repetition(p, s);
    if (problem) return problem;
  }
  return undefined;
}

function escape(p: string, s: ScanState, inClass: boolean): string | undefined {
  const n = p[s.i + 1];
  s.rep = 0;
  s.operand = true;
  if (n === undefined) return 'trailing \\ at end of regexp';
  if (n === 'Q' && !inClass) {
    const end = p.indexOf('\\E', s.i + 2);
    s.i = end < 0 ? p.length : end + 2;
    return undefined;
  }
  if (/[0-9]/.test(n)) return octal(p, s, n);
  if (n === 'x') return hex(p, s);
  if (n === 'p' || n === 'P') return unicodeClass(p, s);
  if (/[A-Za-z]/.test(n) && (!LETTER_ESCAPES.has(n) || (inClass && (n === 'b' || n === 'B' || n === 'A' || n === 'z' || n === 'C')))) {
    return `invalid escape sequence: \\${n}`;
  }
  s.i += 2;
  return undefined;
}

function octal(p: string, s: ScanState, n: string): string | undefined {
  // RE2 parse.cc: \0 starts an octal code; \1-\7 only when another octal digit follows (else a backreference).
  if (n !== '0' && !(n <= '7' && /[0-7]/.test(p[s.i + 2] ?? ''))) return `invalid escape sequence: \\${n} (RE2 has no backreferences)`;
  let j = s.i + 2;
  while (j < s.i + 4 && /[0-7]/.test(p[j] ?? '')) j++;
  s.i = j;
  return undefined;
}

function hex(p: string, s: ScanState): string | undefined {
  const braced = /^\\x\{[0-9A-Fa-f]{1,6}\}/.exec(p.slice(s.i));
  const plain = /^\\x[0-9A-Fa-f]{2}/.exec(p.slice(s.i));
  const m = braced ?? plain;
  if (!m) return `invalid escape sequence: ${p.slice(s.i, s.i + 4)}`;
  s.i += m[0].length;
  return undefined;
}

function unicodeClass(p: string, s: ScanState): string | undefined {
  const m = /^\\[pP](\{\^?([A-Za-z_]+)\}|([A-Za-z]))/.exec(p.slice(s.i));
  const name = m?.[2] ?? m?.[3];
  if (!m || !name || !isUnicodeClassName(name)) return `invalid character class range: ${p.slice(s.i, s.i + (m?.[0].length ?? 3))}`;
  s.i += m[0].length;
  return undefined;
}

function isUnicodeClassName(name: string): boolean {
  if (name === 'Any') return true;
  try {
    new RegExp(`\\p{${name}}`, 'u');
    return true;
  } catch {
    try {
      new RegExp(`\\p{Script=${name}}`, 'u');
      return true;
    } catch {
      return false;
    }
  }
}

function charClass(p: string, s: ScanState): string | undefined {
  const start = s.i;
  s.rep = 0;
  s.operand = true;
  s.i++;
  if (p[s.i] === '^') s.i++;
  if (p[s.i] === ']') s.i++;
  while (s.i < p.length && p[s.i] !== ']') {
    if (p[s.i] === '\\') {
      const problem = escape(p, s, true);
      if (problem) return problem;
    } else if (p.startsWith('[:', s.i)) {
      const end = p.indexOf(':]', s.i + 2);
      const name = end < 0 ? '' : p.slice(s.i + 2, end).replace(/^\^/, '');
      if (end < 0 || !POSIX_CLASSES.has(name)) return `invalid character class range: ${p.slice(s.i, end < 0 ? s.i + 2 : end + 2)}`;
      s.i = end + 2;
    } else s.i++;
  }
  if (s.i >= p.length) return `missing ]: ${p.slice(start)}`;
  s.i++;
  return undefined;
}

function group(p: string, s: ScanState): string | undefined {
  s.rep = 0;
  if (p[s.i + 1] !== '?') {
    s.operand = false;
    s.i++;
    return undefined;
  }
  const rest = p.slice(s.i + 2);
  const named = /^P?<([A-Za-z0-9_]+)>/.exec(rest);
  if (named) {
    if (s.names.has(named[1])) return `duplicate capture group name: ${named[1]}`;
    s.names.add(named[1]);
    s.operand = false;
    s.i += 2 + named[0].length;
    return undefined;
  }
  const flags = /^[imsU]*(-[imsU]+)?[:)]/.exec(rest);
  if (flags) {
    // `(?i:` opens a group; `(?i)` only sets flags and leaves the operand state as it was.
    if (flags[0].endsWith(':')) s.operand = false;
    s.i += 2 + flags[0].length;
    return undefined;
  }
  if (/^(=|!)/.test(rest)) return `invalid perl operator: (?${rest[0]} (RE2 has no lookahead)`;
  if (/^<(=|!)/.test(rest)) return `invalid perl operator: (?${rest.slice(0, 2)} (RE2 has no lookbehind)`;
  if (rest.startsWith('>')) return 'invalid perl operator: (?> (RE2 has no atomic groups)';
  return `invalid perl operator: (?${rest.slice(0, 1)}`;
}

function repetition(p: string, s: ScanState): string | undefined {
  const c = p[s.i];
  const braces = c === '{' ? /^\{(\d+)(,(\d*))?\}/.exec(p.slice(s.i)) : null;
  if (c !== '*' && c !== '+' && c !== '?' && !braces) {
    s.rep = 0;
    s.operand = c !== '|';
    s.i++;
    return undefined;
  }
  const op = braces ? braces[0] : c;
  if (s.rep === 1 && op === '?') {
    s.rep = 2;
    s.i++;
    return undefined;
  }
  if (s.rep !== 0) return `bad repetition operator: ${p.slice(previousRepStart(p, s.i), s.i + op.length)}`;
  if (!s.operand) return `no argument for repetition operator: ${op}`;
  if (braces) {
    const min = Number(braces[1]);
    const max = braces[2] === undefined ? min : braces[3] === '' ? min : Number(braces[3]);
    if (min > MAX_REPEAT || max > MAX_REPEAT || max < min) return `invalid repetition size: ${op}`;
  }
  s.rep = 1;
  s.i += op.length;
  return undefined;
}

function previousRepStart(p: string, i: number): number {
  let j = i - 1;
  if (p[j] === '?' && j > 0 && /[*+?}]/.test(p[j - 1])) j--;
  if (p[j] === '}') j = p.lastIndexOf('{', j);
  return j;
}

/** JavaScript's parser catches what the scan does not (unbalanced parentheses, nothing to repeat, reversed ranges); RE2-only syntax is rewritten first. */
function jsCheck(pattern: string): string | undefined {
  const js = pattern
    .replace(/\\Q([\s\S]*?)(\\E|$)/g, (_m, lit: string) => lit.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'))
    .replace(/\(\?P?<[A-Za-z0-9_]+>/g, '(')
    .replace(/\(\?[imsU]*(-[imsU]+)?\)/g, '(?:)')
    .replace(/\(\?[imsU]*(-[imsU]+)?:/g, '(?:')
    // RE2 lets empty-width assertions repeat (`^*`); JavaScript calls that nothing to repeat.
    .replace(/(\^|\$|\\[bBAz])(\*|\+|\?|\{\d+(,\d*)?\})+\??/g, '$1');
  try {
    new RegExp(jsClasses(js));
    return undefined;
  } catch (err) {
    return (err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
  }
}

/** Rewrites character classes the way JavaScript reads them: a leading `]` and any `[` escaped, POSIX classes as one letter. */
function jsClasses(p: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      out += c + (p[i + 1] ?? '');
      i++;
    } else if (!inClass && c === '[') {
      inClass = true;
      out += c;
      if (p[i + 1] === '^') out += p[++i];
      if (p[i + 1] === ']') {
        out += '\\]';
        i++;
      }
    } else if (inClass && p.startsWith('[:', i) && p.indexOf(':]', i + 2) > 0) {
      out += 'a';
      i = p.indexOf(':]', i + 2) + 1;
    } else if (inClass && c === '[') out += '\\[';
    else {
      if (inClass && c === ']') inClass = false;
      out += c;
    }
  }
  return out;
}
