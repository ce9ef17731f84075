import { describe, expect, it } from 'vitest';
import { lexedNestingBeyond, MAX_YAML_NESTING, nestingBeyond, nestingBound } from './yaml-depth';
import { parseYamlFile } from './yaml-documents';

/** A block mapping nested `depth` levels, two spaces per level. */
function blockMap(depth: number): string {
  return Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' 1\n';
}

describe('YAML nesting depth', () => {
  it('ordinary configuration, block scalars, quoted brackets and comments are within the limit', () => {
    const text = [
      'apiVersion: gateway.solo.io/v1',
      'kind: VirtualService',
      'metadata: {name: petstore, namespace: default}',
      'spec:',
      '  virtualHost:',
      '    domains: ["[[[[", "{{{{"]',
      '    routes:',
      '    - matchers:',
      '      - prefix: /api # [[[[[[',
      '      routeAction: {single: {upstream: {name: petstore, namespace: default}}}',
      '  script: |',
      `    ${'['.repeat(500)}`,
      '',
    ].join('\n');
    expect(nestingBeyond(text)).toBeUndefined();
    expect(nestingBeyond(blockMap(MAX_YAML_NESTING - 1))).toBeUndefined();
    expect(nestingBeyond(`a: ${'['.repeat(MAX_YAML_NESTING - 1)}${']'.repeat(MAX_YAML_NESTING - 1)}`)).toBeUndefined();
  });

  it('flow, block and compact nesting past the limit is found where it passes the limit', () => {
    const flow = `a: ${'['.repeat(200)}${']'.repeat(200)}`;
    expect(nestingBeyond(flow)).toBe(3 + MAX_YAML_NESTING - 1);
    expect(nestingBeyond(blockMap(MAX_YAML_NESTING + 10))).toBeGreaterThan(0);
    expect(nestingBeyond(`a:\n${'- '.repeat(200)}x\n`)).toBeGreaterThan(0);
    expect(nestingBeyond(`${'{a: '.repeat(200)}1${'}'.repeat(200)}`)).toBeGreaterThan(0);
  });

  it('the character count that spares lexing is never below the nesting the lexer finds', () => {
    const shapes = [
      (n: number) => blockMap(n),
      (n: number) => blockMap(n).replace(/\n/g, '\r'),
      (n: number) => `a: ${'['.repeat(n)}${']'.repeat(n)}`,
      (n: number) => `${'{a: '.repeat(n)}1${'}'.repeat(n)}`,
      (n: number) => `a:\n${'- '.repeat(n)}x\n`,
      (n: number) => `a:\n${Array.from({ length: n }, (_, i) => `${' '.repeat(i)}- ? k${i}`).join('\n')}\n`,
      (n: number) => `${'\t'.repeat(n)}a: 1\n`,
    ];
    for (const make of shapes) {
      for (let depth = 1; depth <= 40; depth++) {
        const text = make(depth);
        // The lexer finds a place exactly when the text nests deeper than the limit.
        const deepest = Array.from({ length: 200 }, (_, limit) => limit).find((limit) => lexedNestingBeyond(text, limit) === undefined) ?? 200;
        expect(nestingBound(text), JSON.stringify(text.slice(0, 60))).toBeGreaterThanOrEqual(deepest);
      }
    }
  });

  it.each([
    ['flow sequences', (n: number) => `kind: Upstream\nspec: ${'['.repeat(n)}${']'.repeat(n)}\n`],
    ['flow mappings', (n: number) => `kind: Upstream\nspec: ${'{a: '.repeat(n)}1${'}'.repeat(n)}\n`],
    ['compact block sequences', (n: number) => `kind: Upstream\nspec:\n${'- '.repeat(n)}x\n`],
  ])('a document of %s nested 200,000 deep is one clear problem at its place, found without parsing it', (_what, make) => {
    const text = make(200_000);
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const parsed = parseYamlFile(text, 'deep.yaml');
    const ms = performance.now() - started;
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
    console.log(`200,000-deep ${_what}: refused in ${ms.toFixed(0)} ms, heap ${heapMb >= 0 ? '+' : ''}${heapMb.toFixed(1)} MB`);
    expect(parsed.resources).toEqual([]);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({ file: 'deep.yaml', line: expect.any(Number), column: expect.any(Number) });
    expect(parsed.problems[0].message).toMatch(/nested more than 128 levels deep/);
  });
});
