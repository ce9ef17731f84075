import { describe, expect, it } from 'vitest';
import type { Resource } from '../model/resource';
import { buildApiSnapshot } from '../snapshot/api-snapshot';
import { diffObjects, formatObjectDiff } from './object-diff';

const vs = (name: string, routes: object[], extra: Partial<Resource['metadata']> = {}): Resource<'VirtualService'> => ({
  kind: 'VirtualService',
  metadata: { name, namespace: 'default', ...extra },
  spec: { virtualHost: { domains: ['*'], routes } } as Resource<'VirtualService'>['spec'],
});
const us = (name: string, port: number): Resource<'Upstream'> => ({
  kind: 'Upstream',
  metadata: { name, namespace: 'default' },
  spec: { static: { hosts: [{ addr: 'localhost', port }] } } as unknown as Resource<'Upstream'>['spec'],
});
const r = (prefix: string, upstream: string) => ({ matchers: [{ prefix }], routeAction: { single: { upstream: { name: upstream, namespace: 'default' } } } });

describe('diffObjects', () => {
  const before = buildApiSnapshot({ VirtualService: [vs('petstore', [r('/a', 'a'), r('/b', 'b')])], Upstream: [us('a', 80), us('old', 80)] });

  it('finds a snapshot equal to itself', () => {
    expect(diffObjects(before, before)).toEqual({ equal: true, added: [], removed: [], changed: [] });
  });

  it('lists added, removed and changed objects by refKey with field changes', () => {
    const after = buildApiSnapshot({ VirtualService: [vs('petstore', [r('/a', 'a'), r('/b', 'c')])], Upstream: [us('a', 80), us('new', 80)] });
    expect(diffObjects(before, after)).toEqual({
      equal: false,
      added: [{ refKey: 'Upstream.default.new', kind: 'Upstream', namespace: 'default', name: 'new' }],
      removed: [{ refKey: 'Upstream.default.old', kind: 'Upstream', namespace: 'default', name: 'old' }],
      changed: [
        {
          refKey: 'VirtualService.default.petstore',
          kind: 'VirtualService',
          namespace: 'default',
          name: 'petstore',
          fields: [{ path: 'spec.virtualHost.routes[1].routeAction.single.upstream.name', op: 'replace', before: 'b', after: 'c' }],
        },
      ],
    });
  });

  it('reports an unnamed route inserted in the middle as one added route', () => {
    const after = [vs('petstore', [r('/a', 'a'), r('/x', 'x'), r('/b', 'b')]), us('a', 80), us('old', 80)];
    const d = diffObjects(before, after);
    expect(d.changed[0].fields).toEqual([{ path: 'spec.virtualHost.routes[1]', op: 'add', after: r('/x', 'x') }]);
  });

  it('ignores resourceVersion, generation and status but not labels', () => {
    const a = [vs('petstore', [], { resourceVersion: '1', generation: '1' })];
    const b = [{ ...vs('petstore', [], { resourceVersion: '2', generation: '2' }), status: { state: 'Accepted' } } as Resource];
    expect(diffObjects(a, b).equal).toBe(true);
    const c = [vs('petstore', [], { labels: { team: 'a' } })];
    expect(diffObjects(a, c).changed[0].fields).toEqual([{ path: 'metadata.labels', op: 'add', after: { team: 'a' } }]);
  });

  it('formats added, removed and changed objects', () => {
    const after = [vs('petstore', [r('/a', 'a'), r('/b', 'b')]), us('a', 8080), us('new', 80)];
    expect(formatObjectDiff(diffObjects(before, after))).toBe(
      ['+ Upstream default/new', '- Upstream default/old', '~ Upstream default/a', '  spec.static.hosts[0].port: 80 → 8080'].join('\n'),
    );
    expect(formatObjectDiff(diffObjects(before, before))).toBe('no differences');
  });
});
