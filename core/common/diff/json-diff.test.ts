import { describe, expect, it } from 'vitest';
import { diffJson, formatFieldChange, formatPath, formatValue, parsePath } from './json-diff';

const route = (name: string, prefix: string) => ({ name, match: { prefix }, route: { cluster: `${name}_ns` } });

describe('diffJson', () => {
  it('finds nothing between equal values', () => {
    expect(diffJson({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
  });

  it('reports replaced, added and removed fields with their paths', () => {
    expect(diffJson({ a: { b: 1, c: 2 } }, { a: { b: 3, d: 4 } })).toEqual([
      { path: 'a.b', op: 'replace', before: 1, after: 3 },
      { path: 'a.c', op: 'remove', before: 2 },
      { path: 'a.d', op: 'add', after: 4 },
    ]);
  });

  it('reports a route inserted in the middle as one added route', () => {
    const before = { virtualHosts: [{ name: 'vh', routes: [route('a', '/a'), route('b', '/b'), route('c', '/c')] }] };
    const after = { virtualHosts: [{ name: 'vh', routes: [route('a', '/a'), route('x', '/x'), route('b', '/b'), route('c', '/c')] }] };
    expect(diffJson(before, after)).toEqual([{ path: 'virtualHosts[0].routes[1]', op: 'add', after: route('x', '/x') }]);
  });

  it('reports a field of a named route by the route\'s new index', () => {
    const before = { routes: [route('a', '/a'), route('b', '/b')] };
    const after = { routes: [route('z', '/z'), route('a', '/a'), route('b', '/B')] };
    expect(diffJson(before, after)).toEqual([
      { path: 'routes[0]', op: 'add', after: route('z', '/z') },
      { path: 'routes[2].match.prefix', op: 'replace', before: '/b', after: '/B' },
    ]);
  });

  it('reports a removed route by its old index', () => {
    expect(diffJson({ routes: [route('a', '/a'), route('b', '/b')] }, { routes: [route('b', '/b')] })).toEqual([
      { path: 'routes[0]', op: 'remove', before: route('a', '/a') },
    ]);
  });

  it('reports a reordered route as removed and added, since order decides routing', () => {
    const d = diffJson({ routes: [route('a', '/a'), route('b', '/b')] }, { routes: [route('b', '/b'), route('a', '/a')] });
    expect(d.map((c) => `${c.op} ${c.path}`)).toEqual(['remove routes[1]', 'add routes[0]']);
  });

  it('reports an unnamed object edited in place field by field', () => {
    const before = { chains: [{ match: { serverNames: ['a.com'] }, port: 1 }, { port: 2 }] };
    const after = { chains: [{ match: { serverNames: ['b.com'] }, port: 1 }, { port: 2 }] };
    expect(diffJson(before, after)).toEqual([
      { path: 'chains[0].match.serverNames[0]', op: 'remove', before: 'a.com' },
      { path: 'chains[0].match.serverNames[0]', op: 'add', after: 'b.com' },
    ]);
  });

  it('quotes keys that are not identifiers', () => {
    const d = diffJson({ metadata: { 'io.xds-sandbox.source': { name: 'a' } } }, { metadata: { 'io.xds-sandbox.source': { name: 'b' } } });
    expect(d[0].path).toBe('metadata["io.xds-sandbox.source"].name');
  });

  it('reports a type change as a replace of the whole field', () => {
    expect(diffJson({ a: [1] }, { a: { x: 1 } })).toEqual([{ path: 'a', op: 'replace', before: [1], after: { x: 1 } }]);
  });
});

describe('field paths', () => {
  it('round-trip through text, quoted keys and indices included', () => {
    const segments = ['virtualHosts', 0, 'routes', 12, 'metadata', 'filterMetadata', 'io.xds-sandbox.source', '@type', '0', '', 'a"b'];
    expect(parsePath(formatPath(segments))).toEqual(segments);
  });

  it('reject text that is not a path', () => {
    expect(() => parsePath('a..b')).toThrow('not a field path');
    expect(() => parsePath('.a')).toThrow('not a field path');
  });
});

describe('formatting changes', () => {
  it('shows replacements with an arrow and additions and removals with + and -', () => {
    expect(formatFieldChange({ path: 'a.prefix', op: 'replace', before: '/a', after: '/b' })).toBe('a.prefix: "/a" → "/b"');
    expect(formatFieldChange({ path: 'r[1]', op: 'add', after: { name: 'x' } })).toBe('+ r[1]: {"name":"x"}');
    expect(formatFieldChange({ path: 'r[1]', op: 'remove', before: 3 })).toBe('- r[1]: 3');
  });

  it('shortens long values', () => {
    expect(formatValue('x'.repeat(200), 20)).toBe(`"${'x'.repeat(18)}…`);
  });
});
