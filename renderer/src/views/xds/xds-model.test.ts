import { describe, expect, it } from 'vitest';
import { gatewaySnapshot, route, toCluster, vhost } from '../../../../core/common/route/testing/xds-fixtures';
import { toTranslateOutput } from '../../../../core/common/xds/translate-output';
import { describeMatch, listenerRows, proxiesOf, routeRows, upstreamOfCluster } from './xds-model';

const XDS = toTranslateOutput([gatewaySnapshot([
  vhost('default', 'shop', ['shop.example.com'], [
    route({ prefix: '/api', headers: [{ name: 'x-canary', stringMatch: { exact: 'yes' } }] }, toCluster('api_default'), { kind: 'RouteTable', namespace: 'default', name: 'api-routes', routeIndex: 0 }),
    route({ path: '/' }, { route: { weightedClusters: { clusters: [{ name: 'web_default', weight: 90 }, { name: 'web2_default', weight: 10 }] } } }, { kind: 'VirtualService', namespace: 'default', name: 'shop', routeIndex: 1 }),
    route({ safeRegex: { regex: '^/old' } }, { directResponse: { status: 410 } }),
  ]),
], ['api_default', 'web_default'])]);

describe('xds model', () => {
  it('reads the proxies of a translate answer and ignores other shapes', () => {
    expect(proxiesOf(XDS).map((p) => p.node)).toEqual(['gloo-system~gateway-proxy']);
    expect(proxiesOf({})).toEqual([]);
    expect(proxiesOf(null)).toEqual([]);
  });

  it('lists every route with its match, action and source object', () => {
    const rows = routeRows(proxiesOf(XDS)[0]);
    expect(rows.map((r) => [r.match, r.action, r.source?.name, r.source?.routeIndex])).toEqual([
      ['prefix /api, x-canary: yes', '→ api_default', 'api-routes', 0],
      ['path = /', '→ web_default 90, web2_default 10', 'shop', 1],
      ['regex ^/old', 'direct 410', undefined, undefined],
    ]);
    expect(rows[0].virtualHostSource).toEqual({ kind: 'VirtualService', namespace: 'default', name: 'shop' });
    expect(rows[1].clusters).toEqual(['web_default', 'web2_default']);
  });

  it('finds listener ports and the route configurations they use', () => {
    expect(listenerRows(proxiesOf(XDS)[0])).toEqual([{ name: 'listener-::-8080', port: 8080, routeConfigs: ['listener-::-8080-routes'] }]);
  });

  it('maps cluster names back to Upstreams and describes odd matches', () => {
    expect(upstreamOfCluster('pets_team-a')).toEqual({ kind: 'Upstream', namespace: 'team-a', name: 'pets' });
    expect(describeMatch(undefined)).toBe('any path');
  });
});
