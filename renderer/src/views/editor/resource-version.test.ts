import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { objectKeyOfText, unshiftProblems, withResourceVersion } from './resource-version';

const TEXT = `# the shop's front door
apiVersion: gateway.solo.io/v1
kind: VirtualService
metadata:
  name: shop # short name
spec:
  virtualHost:
    domains: ['*']
`;

describe('withResourceVersion', () => {
  it('inserts one line into metadata and leaves every other byte alone', () => {
    const out = withResourceVersion(TEXT, 'abc123');
    expect(out.insertedLine).toBe(5);
    expect(out.text).toBe(TEXT.replace('  name: shop', '  resourceVersion: "abc123"\n  name: shop'));
    expect((parse(out.text) as { metadata: unknown }).metadata).toEqual({ resourceVersion: 'abc123', name: 'shop' });
  });

  it('uses the same line in flow-style metadata', () => {
    const out = withResourceVersion('kind: Upstream\nmetadata: {name: a}\nspec: {}\n', '7');
    expect(out).toEqual({ text: 'kind: Upstream\nmetadata: {resourceVersion: "7", name: a}\nspec: {}\n' });
  });

  it('leaves texts alone when there is nothing to add or no single object', () => {
    expect(withResourceVersion(TEXT, undefined)).toEqual({ text: TEXT });
    const withRv = TEXT.replace('  name: shop', '  resourceVersion: "1"\n  name: shop');
    expect(withResourceVersion(withRv, 'x')).toEqual({ text: withRv });
    expect(withResourceVersion(`${TEXT}---\n${TEXT}`, 'x').insertedLine).toBeUndefined();
    expect(withResourceVersion('metadata: [', 'x')).toEqual({ text: 'metadata: [' });
  });
});

describe('unshiftProblems', () => {
  it('moves lines after the inserted one back by one', () => {
    const p = (line: number) => ({ file: '<editor>', line, column: 1, message: 'm' });
    expect(unshiftProblems([p(2), p(5), p(9)], 5).map((x) => x.line)).toEqual([2, 4, 8]);
    expect(unshiftProblems([p(9)], undefined).map((x) => x.line)).toEqual([9]);
  });
});

describe('objectKeyOfText', () => {
  it('reads kind, namespace and name, defaulting the namespace', () => {
    expect(objectKeyOfText(TEXT)).toEqual({ kind: 'VirtualService', namespace: 'default', name: 'shop' });
    expect(objectKeyOfText('kind: X\n')).toBeUndefined();
  });
});
