// Regex test cases shared by the pure RE2 check's tests and the agreement test against re2-wasm.

/** Patterns RE2 accepts (checked against re2-wasm in fixtures/golden/regex-agreement.test.ts). */
export const RE2_VALID = [
  '/api/.*', '^/v[0-9]+/items$', '(?i)/docs', '(?i:abc)x', '(?P<id>[0-9]+)', '(?<id>[0-9]+)', '\\d+\\.\\w*\\s?', '[[:alpha:]]+', '\\pL\\p{Greek}\\PN',
  '\\x41\\x{263a}', '\\Qa.b*c\\E', '\\Qunterminated', 'a{2,5}?', 'a{1000}', 'a{,3}', '\\12', '\\0', '\\z\\A\\C', '[^]a]', '[]a]', 'a|', '()', '(?s).', '(?)a', '(?U)a+', '(?-i)a',
  '[a-]', '\\.', 'x*?y+?z??',
];

/** Patterns RE2 refuses, and a fragment of why. */
export const RE2_INVALID: readonly (readonly [string, string])[] = [
  ['(a)\\1', 'invalid escape sequence: \\1'],
  ['(?=x)', 'lookahead'],
  ['(?!x)', 'lookahead'],
  ['(?<=x)y', 'lookbehind'],
  ['(?<!x)y', 'lookbehind'],
  ['(?>x)', 'atomic'],
  ['a++', 'bad repetition operator: ++'],
  ['a*+', 'bad repetition operator: *+'],
  ['a{2}+', 'bad repetition operator: {2}+'],
  ['a**', 'bad repetition operator: **'],
  ['x{2}{3}', 'bad repetition operator'],
  ['a{1001}', 'invalid repetition size'],
  ['a{2,1}', 'invalid repetition size'],
  ['\\Z', 'invalid escape sequence: \\Z'],
  ['\\G', 'invalid escape sequence: \\G'],
  ['\\k<n>', 'invalid escape sequence: \\k'],
  ['\\u0041', 'invalid escape sequence: \\u'],
  ['\\cA', 'invalid escape sequence: \\c'],
  ['\\8', 'invalid escape sequence: \\8'],
  ['\\E', 'invalid escape sequence: \\E'],
  ['[\\b]', 'invalid escape sequence: \\b'],
  ['\\pX', 'invalid character class range'],
  ['[[:foo:]]', 'invalid character class range'],
  ['(?x)a', 'invalid perl operator: (?x'],
  ['(?#comment)', 'invalid perl operator'],
  ['(?P=n)', 'invalid perl operator'],
  ['(?P<n>a)(?P<n>b)', 'duplicate capture group name'],
  ['(a', ''],
  ['a)', ''],
  ['[a', 'missing ]'],
  ['[z-a]', ''],
  ['*a', ''],
  ['a\\', 'trailing \\'],
];
