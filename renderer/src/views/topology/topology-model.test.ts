import { describe, expect, it } from 'vitest';
import type { ResourceView } from '../../../../core/common/api/contract';
import { gatewaySnapshot, route, toCluster, vhost } from '../../../../core/common/route/testing/xds-fixtures';
import { toTranslateOutput } from '../../../../core/common/xds/translate-output';
import { proxiesOf } from '../xds/xds-model';
import { buildTopology } from './topology-model';

const view = (kind: ResourceView['kind'], name: string, state: ResourceView['state']): ResourceView => ({ kind, namespace: 'default', name, state, reason: '' });

describe('buildTopology', () => {
  const proxies = proxiesOf(toTranslateOutput([gatewaySnapshot([
    vhost('default', 'shop', ['*'], [
      route({ prefix: '/api' }, toCluster('api_default'), { kind: 'RouteTable', namespace: 'default', name: 'api-routes', routeIndex: 0 }),
      route({ prefix: '/' }, toCluster('gone_default'), { kind: 'VirtualService', namespace: 'default', name: 'shop', routeIndex: 1 }),
    ]),
  ])]));
  const resources = [view('VirtualService', 'shop', 'Accepted'), view('VirtualService', 'broken', 'Rejected'), view('RouteTable', 'api-routes', 'Accepted'), view('Upstream', 'api', 'Accepted')];
  const graph = buildTopology(resources, proxies);
  const ids = graph.edges.map((e) => `${e.source} -> ${e.target}${e.broken ? ' (broken)' : ''}`);

  it('links listener → VirtualService → route → RouteTable → Upstream', () => {
    expect(ids).toContain('listener/gloo-system~gateway-proxy/listener-::-8080 -> VirtualService/default/shop');
    expect(ids).toContain('VirtualService/default/shop -> route/gloo-system~gateway-proxy/listener-::-8080-routes/default_shop/0');
    expect(ids).toContain('route/gloo-system~gateway-proxy/listener-::-8080-routes/default_shop/0 -> RouteTable/default/api-routes');
    expect(ids).toContain('RouteTable/default/api-routes -> Upstream/default/api');
  });

  it('marks rejected objects and missing upstreams', () => {
    expect(graph.nodes.find((n) => n.id === 'VirtualService/default/broken')?.state).toBe('Rejected');
    expect(graph.nodes.find((n) => n.id === 'Upstream/default/gone')?.state).toBe('missing');
    expect(ids).toContain('route/gloo-system~gateway-proxy/listener-::-8080-routes/default_shop/1 -> Upstream/default/gone (broken)');
  });

  it('shows an object read from a file that fails to load as FileError, whatever its last state', () => {
    const inFile = resources.map((r) => (r.name === 'shop' ? { ...r, source: { file: 'shop.yaml', line: 1, column: 1 } } : r));
    const g = buildTopology(inFile, proxies, new Map(), new Set(['shop.yaml']));
    expect(g.nodes.find((n) => n.id === 'VirtualService/default/shop')?.state).toBe('FileError');
    expect(g.nodes.find((n) => n.id === 'RouteTable/default/api-routes')?.state).toBe('Accepted');
  });

  it('draws what rejected objects declare, to missing targets as broken edges', () => {
    const g = buildTopology(resources, proxies, new Map([['VirtualService/default/broken', [{ kind: 'Upstream' as const, namespace: 'default', name: 'nowhere' }]]]));
    expect(g.edges.find((e) => e.source === 'VirtualService/default/broken')).toMatchObject({ target: 'Upstream/default/nowhere', broken: true });
  });

  it('puts nodes in layers by kind and groups routes under their VirtualService and namespace', () => {
    expect(graph.nodes.find((n) => n.id === 'VirtualService/default/shop')).toMatchObject({ column: 1, namespace: 'default' });
    const route = graph.nodes.find((n) => n.kind === 'Route')!;
    expect(route).toMatchObject({ column: 2, owner: 'VirtualService/default/shop', namespace: 'default' });
  });

  it('labels weighted edges with each destination share', () => {
    const weighted = proxiesOf(toTranslateOutput([gatewaySnapshot([
      vhost('default', 'shop', ['*'], [route({ prefix: '/' }, { route: { weightedClusters: { clusters: [{ name: 'v1_default', weight: 90 }, { name: 'v2_default', weight: 10 }] } } }, { kind: 'VirtualService', namespace: 'default', name: 'shop', routeIndex: 0 })]),
    ])]));
    const g = buildTopology(resources, weighted);
    expect(g.edges.filter((e) => e.target.startsWith('Upstream/')).map((e) => [e.target, e.share])).toEqual([['Upstream/default/v1', 90], ['Upstream/default/v2', 10]]);
  });
});
