// RE2 validation with the real RE2 engine compiled to WebAssembly (re2-wasm). It uses
// the raw WrappedRE2 binding rather than re2-wasm's RE2 class because that class (1) rewrites
// JavaScript syntax such as \uXXXX and \cX into RE2 before compiling, which Envoy's RE2 would
// refuse, and (2) never frees its compiled regex, so after a few thousand patterns the fixed 16 MiB
// WebAssembly heap is exhausted and every later check aborts. Named groups written `(?<name>` are
// passed as `(?P<name>`: the bundled RE2 predates that syntax, current RE2 (and Envoy) accept it; and
// duplicate capture names are refused, as current RE2 does.
import { createRequire } from 'node:module';
import { re2FallbackValidator } from '../../common/translate/regex';
import type { RegexValidator } from '../../common/translate/types';

const require = createRequire(import.meta.url);

interface WrappedRE2 {
  ok(): boolean;
  error(): string;
  delete(): void;
}
type WrappedCtor = new (pattern: string, ignoreCase: boolean, multiline: boolean, dotAll: boolean) => WrappedRE2;

const RE2_MODULE = 're2-wasm/build/wasm/re2.js';

/** Whether re2-wasm is installed: resolved without loading it, so its 16 MiB WebAssembly heap is taken only on first use. */
function installed(): boolean {
  try {
    require.resolve(RE2_MODULE);
    return true;
  } catch {
    return false;
  }
}

/** re2-wasm's binding, loaded on the first pattern that needs it; undefined when it fails to load. */
let wrapped: WrappedCtor | undefined | null = null;
function loadWrapped(): WrappedCtor | undefined {
  if (wrapped === null) {
    try {
      wrapped = (require(RE2_MODULE) as { WrappedRE2: WrappedCtor }).WrappedRE2;
    } catch {
      wrapped = undefined;
    }
  }
  return wrapped;
}

/** RE2's verdict on a pattern: undefined when valid, else RE2's message (the pure check's when re2-wasm fails to load). Undefined itself when re2-wasm is missing. */
export const re2WasmValidator: RegexValidator | undefined = installed()
  ? (pattern: string) => {
      const Wrapped = loadWrapped();
      if (!Wrapped) return re2FallbackValidator(pattern);
      const groups = namedGroups(pattern);
      let rewritten = pattern;
      for (const g of [...groups].reverse()) if (!g.python) rewritten = `${rewritten.slice(0, g.at + 2)}P${rewritten.slice(g.at + 2)}`;
      const re = new Wrapped(rewritten, false, false, false);
      try {
        if (!re.ok()) return re.error();
      } finally {
        re.delete();
      }
      // Current RE2 refuses a capture name used twice; the bundled one does not check.
      const names = groups.map((g) => g.name);
      const dup = names.find((n, i) => names.indexOf(n) !== i);
      return dup ? `duplicate capture group name: ${dup}` : undefined;
    }
  : undefined;

/** Named groups `(?<n>` / `(?P<n>` outside character classes and escapes: where each opens, its name, which syntax. */
function namedGroups(pattern: string): { at: number; name: string; python: boolean }[] {
  const out: { at: number; name: string; python: boolean }[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']' || pattern[i - 1] === '[' || (pattern[i - 1] === '^' && pattern[i - 2] === '[');
    else if (c === '[') inClass = true;
    else if (c === '(') {
      const m = /^\(\?(P?)<([A-Za-z0-9_]+)>/.exec(pattern.slice(i));
      if (m) out.push({ at: i, name: m[2], python: m[1] === 'P' });
    }
  }
  return out;
}

/**
 * Patterns built only from literal characters of a safe set, classes of single characters or the ranges
 * 0-9, a-z, A-Z, `.`, and a `+`, `*` or `?` after an atom, optionally anchored: valid in RE2 by construction.
 */
const PLAIN_PATTERN = /^\^?(?:(?:[A-Za-z0-9\/_.:=~,-]|\[(?:0-9|a-z|A-Z|[A-Za-z0-9_])+\])[+*?]?)*\$?$/;

/**
 * The validator the engine uses: plain patterns (the common case in route matchers) need no compile; others go to
 * real RE2, loaded on the first such pattern. Undefined when re2-wasm is not installed (the pipeline then uses its pure RE2 check).
 */
export const re2Error: RegexValidator | undefined = re2WasmValidator
  ? (pattern: string) => (PLAIN_PATTERN.test(pattern) ? undefined : re2WasmValidator(pattern))
  : undefined;
