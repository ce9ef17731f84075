import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { re2Error, re2WasmValidator } from './re2-validator';

describe.skipIf(!re2WasmValidator)('RE2 validation', () => {
  it('rejects what RE2 rejects, with its message', () => {
    expect(re2Error!('(a)\\1')).toMatch(/invalid escape/);
    expect(re2Error!('/a(?=b)')).toMatch(/invalid perl operator/);
    expect(re2Error!('[9-0]')).toMatch(/invalid character class range/);
    expect(re2Error!('+abc')).toMatch(/no argument for repetition operator/);
  });

  it('accepts plain patterns without compiling, and agrees with RE2 on every pattern of that shape', () => {
    expect(re2Error!('/api/v1/[0-9]+')).toBeUndefined();
    const atom = fc.oneof(fc.constantFrom('a', 'Z', '9', '/', '_', '.', '-', ':', '[0-9]', '[a-z]', '[A-Z_]', '[', ']', '+', '*', '?', '(', ')', '\\', '^', '$', '{2}'));
    fc.assert(fc.property(fc.array(atom, { maxLength: 12 }).map((xs) => xs.join('')), (pattern) => {
      expect(re2Error!(pattern)).toBe(re2WasmValidator!(pattern));
    }), { numRuns: 2000 });
  });
});

describe.skipIf(!re2WasmValidator)('re2-wasm loading', () => {
  it('is loaded by the first pattern that is not plain, not by importing the validator or by plain patterns', () => {
    // A fresh process: the test runner's own may have loaded re2-wasm for another test.
    const code = `
      import { createRequire } from 'node:module';
      const { re2Error } = await import(${JSON.stringify(new URL('./re2-validator.ts', import.meta.url).href)});
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((f) => f.includes('re2-wasm'));
      const seen = [loaded()];
      re2Error('/api/v1/[0-9]+');
      seen.push(loaded());
      seen.push(re2Error('(a)\\\\1') !== undefined, loaded());
      console.log(JSON.stringify(seen));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([false, false, true, true]);
  });
});
