import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute, type Route } from './routes';

describe('hash routes', () => {
  it('parse every documented view', () => {
    expect(parseRoute('#/resources')).toEqual({ view: 'resources' });
    expect(parseRoute('#/editor/VirtualService/default/foo')).toEqual({ view: 'editor', key: { kind: 'VirtualService', namespace: 'default', name: 'foo' } });
    expect(parseRoute('#/timeline')).toEqual({ view: 'timeline' });
    expect(parseRoute('#/timeline/12')).toEqual({ view: 'timeline', passId: 12 });
    expect(parseRoute('#/xds')).toEqual({ view: 'xds' });
    expect(parseRoute('#/topology')).toEqual({ view: 'topology' });
    expect(parseRoute('#/routes')).toEqual({ view: 'routes' });
    expect(parseRoute('#/envoy')).toEqual({ view: 'envoy' });
    expect(parseRoute('#/new/Upstream')).toEqual({ view: 'new', kind: 'Upstream' });
  });

  it('fall back to the resource list for anything unknown', () => {
    for (const hash of ['', '#', '#/nope', '#/editor/NotAKind/a/b', '#/editor/VirtualService/a', '#/new/Nope']) {
      expect(parseRoute(hash)).toEqual({ view: 'resources' });
    }
  });

  it('round-trip through formatRoute, names with odd characters included', () => {
    const routes: Route[] = [
      { view: 'editor', key: { kind: 'RouteTable', namespace: 'team a', name: 'x/y' } },
      { view: 'timeline', passId: 3 }, { view: 'xds', proxy: 'gloo-system~gateway-proxy' }, { view: 'topology' },
      { view: 'changesets' }, { view: 'changesets', name: 'team/add-canary' },
    ];
    for (const r of routes) expect(parseRoute(formatRoute(r))).toEqual(r);
  });
});
