import { describe, expect, it } from 'vitest';
import { buildXdsSnapshot } from '../xds/snapshot-builder';
import { formatDecision } from './format-decision';
import { simulateRequest } from './simulator';
import { cluster, gatewaySnapshot, hcmFilters, httpListener, listener, PROXY, route, routeConfig, toCluster, vhost } from './testing/xds-fixtures';

const src = (kind: string, namespace: string, name: string, routeIndex: number) => ({ kind, namespace, name, routeIndex });

const petstore = gatewaySnapshot(
  [
    vhost('default', 'petstore', ['petstore.example.com'], [
      route({ prefix: '/api', headers: [{ name: ':method', stringMatch: { exact: 'GET' } }] }, toCluster('petstore_default', { prefixRewrite: '/' }), src('RouteTable', 'team-a', 'pets', 0)),
      route({ path: '/old' }, { redirect: { pathRedirect: '/new', responseCode: 'FOUND' } }, src('VirtualService', 'default', 'petstore', 1)),
      route({ prefix: '/health' }, { directResponse: { status: 200, body: { inlineString: 'ok' } } }, src('VirtualService', 'default', 'petstore', 2)),
    ]),
    vhost('default', 'fallback', ['*'], [route({ prefix: '/' }, toCluster('web_default'), src('VirtualService', 'default', 'fallback', 0))]),
  ],
  ['petstore_default', 'web_default'],
);

describe('simulateRequest', () => {
  it('answers with the CLI contract shape for a forwarded request', () => {
    const d = simulateRequest(petstore, { host: 'petstore.example.com', path: '/api/pets' });
    expect(d).toEqual({
      matched: true,
      proxy: PROXY,
      listener: 'listener-::-8080',
      virtualHost: { name: 'default_petstore', source: { kind: 'VirtualService', namespace: 'default', name: 'petstore' }, matchedDomain: 'petstore.example.com' },
      route: { index: 0, name: 'team-a_pets-route-0', source: { kind: 'RouteTable', namespace: 'team-a', name: 'pets', routeIndex: 0 } },
      action: {
        type: 'forward',
        destinations: [{ upstream: { namespace: 'default', name: 'petstore' }, cluster: 'petstore_default', weight: 1 }],
        pathAfterRewrite: '//pets',
      },
      routeConfig: 'listener-::-8080-routes',
    });
  });

  it('keeps the contract keys first, in order', () => {
    const d = simulateRequest(petstore, { host: 'petstore.example.com', path: '/api/pets' });
    expect(Object.keys(d).slice(0, 6)).toEqual(['matched', 'proxy', 'listener', 'virtualHost', 'route', 'action']);
  });

  it('redirects and answers directly as the routes say', () => {
    const r = simulateRequest(petstore, { host: 'petstore.example.com', path: '/old?x=1' });
    expect(r.matched && r.action).toEqual({ type: 'redirect', redirect: { location: 'http://petstore.example.com/new?x=1', status: 302 } });
    const h = simulateRequest(petstore, { host: 'petstore.example.com', path: '/health' });
    expect(h.matched && h.action).toEqual({ type: 'directResponse', directResponse: { status: 200, body: 'ok' } });
  });

  it('falls through to a later route when the method does not match', () => {
    const d = simulateRequest(petstore, { host: 'petstore.example.com', path: '/api/pets', method: 'POST' });
    expect(d).toMatchObject({ matched: false, reason: 'no route in virtual host default_petstore matches', virtualHost: { name: 'default_petstore' } });
  });

  it('uses the catch-all virtual host for unknown hosts', () => {
    const d = simulateRequest(petstore, { host: 'unknown.org', path: '/x' });
    expect(d).toMatchObject({ matched: true, virtualHost: { name: 'default_fallback', matchedDomain: '*' }, route: { index: 0 } });
  });

  it('says which virtual host is missing when no domain matches', () => {
    const snap = gatewaySnapshot([vhost('default', 'a', ['a.com'], [route({ prefix: '/' }, toCluster('a_default'))])]);
    expect(simulateRequest(snap, { host: 'b.com', path: '/' })).toEqual({
      matched: false,
      proxy: PROXY,
      reason: 'no virtual host for host b.com',
      listener: 'listener-::-8080',
      routeConfig: 'listener-::-8080-routes',
    });
  });

  it('says when no listener uses the port, defaulting to 8080', () => {
    expect(simulateRequest(petstore, { host: 'x', path: '/', port: 9999 })).toMatchObject({ matched: false, reason: 'no listener on port 9999' });
    expect(simulateRequest(petstore, { host: 'x', path: '/' }).matched).toBe(true);
  });

  it('says when the RDS route configuration is missing', () => {
    const snap = buildXdsSnapshot(PROXY, { listener: [httpListener(8080, 'nowhere')] });
    expect(simulateRequest(snap, { path: '/' })).toMatchObject({ matched: false, reason: 'route configuration nowhere is not in the snapshot' });
  });

  it('takes the host from the Host header when the request names none', () => {
    expect(simulateRequest(petstore, { path: '/api', headers: { Host: 'petstore.example.com' } })).toMatchObject({ virtualHost: { name: 'default_petstore' } });
  });

  it('strips the port before routing when the HCM says so', () => {
    const snap = gatewaySnapshot([vhost('d', 'a', ['a.com'], [route({ prefix: '/' }, { redirect: { httpsRedirect: true } })]), vhost('d', 'p', ['a.com:8080'], [])], [], {
      hcm: { stripMatchingHostPort: true },
    });
    const d = simulateRequest(snap, { host: 'a.com:8080', path: '/x' });
    expect(d).toMatchObject({ matched: true, virtualHost: { name: 'd_a' }, action: { redirect: { location: 'https://a.com/x' } } });
  });

  it('reads snake_case Envoy JSON as well as proto3 camelCase', () => {
    const snap = buildXdsSnapshot(PROXY, {
      listener: [{ name: 'l', json: { name: 'l', address: { socket_address: { port_value: 8080 } }, filter_chains: [{ filters: [{ name: 'envoy.filters.network.http_connection_manager', typed_config: { rds: { route_config_name: 'r' } } }] }] } }],
      route: [{ name: 'r', json: { name: 'r', virtual_hosts: [{ name: 'ns_vs', domains: ['*'], routes: [{ match: { prefix: '/' }, route: { cluster: 'c_ns', prefix_rewrite: '/v1/' } }] }] } }],
    });
    expect(simulateRequest(snap, { path: '/x' })).toMatchObject({ matched: true, action: { pathAfterRewrite: '/v1/x' } });
  });

  it('takes the virtual host source from route metadata when the name has no namespace', () => {
    const snap = gatewaySnapshot([{ name: 'custom', domains: ['*'], routes: [route({ prefix: '/' }, toCluster('c_ns'), src('VirtualService', 'ns', 'vs', 3))] }]);
    const d = simulateRequest(snap, { path: '/' });
    expect(d.matched && d.virtualHost.source).toEqual({ kind: 'VirtualService', namespace: 'ns', name: 'vs' });
  });

  it('returns warnings for regexes it cannot compile', () => {
    const snap = gatewaySnapshot([vhost('d', 'a', ['*'], [route({ safeRegex: { regex: '[' } }, toCluster('c_d')), route({ prefix: '/' }, toCluster('c_d'))])]);
    const d = simulateRequest(snap, { path: '/' });
    expect(d).toMatchObject({ matched: true, route: { index: 1 } });
    expect(d.warnings?.[0]).toMatch(/could not be compiled/);
  });

  it('uses a caller-supplied regex matcher', () => {
    const snap = gatewaySnapshot([vhost('d', 'a', ['*'], [route({ safeRegex: { regex: 'anything' } }, toCluster('c_d'))])]);
    const d = simulateRequest(snap, { path: '/zzz' }, { regexMatcher: { fullMatch: () => true, replaceAll: (_p, v) => v } });
    expect(d.matched).toBe(true);
  });
});

describe('TLS listeners', () => {
  const tlsChain = (serverNames: string[] | undefined, rc: string) => ({
    ...(serverNames ? { filterChainMatch: { serverNames } } : {}),
    filters: hcmFilters(rc),
    transportSocket: { name: 'envoy.transport_sockets.tls', typedConfig: {} },
  });
  const vhFor = (rc: string) => routeConfig(rc, [vhost('ns', rc, ['*'], [route({ prefix: '/' }, toCluster(`${rc}_ns`))])]);
  const snap = buildXdsSnapshot(PROXY, {
    listener: [
      listener('listener-::-8443', 8443, [
        tlsChain(['api.example.com'], 'exact'),
        tlsChain(['*.example.com'], 'wild'),
        tlsChain(['*.b.example.com'], 'deeper'),
        tlsChain(undefined, 'nosni'),
      ]),
    ],
    route: ['exact', 'wild', 'deeper', 'nosni'].map(vhFor),
    cluster: ['exact_ns', 'wild_ns', 'deeper_ns', 'nosni_ns'].map(cluster),
  });
  const via = (host: string, extra: object = {}) => {
    const d = simulateRequest(snap, { host, path: '/', port: 8443, ...extra });
    return d.matched ? [d.routeConfig, d.filterChain] : [d.reason];
  };

  it('choose the chain whose server name equals the SNI first', () => {
    expect(via('api.example.com')).toEqual(['exact', 0]);
    expect(via('API.example.com:8443')).toEqual(['exact', 0]);
  });

  it('then the longest wildcard server name', () => {
    expect(via('www.example.com')).toEqual(['wild', 1]);
    expect(via('x.b.example.com')).toEqual(['deeper', 2]);
  });

  it('then the chain without server names', () => {
    expect(via('other.org')).toEqual(['nosni', 3]);
  });

  it('report when no chain accepts the server name', () => {
    const only = buildXdsSnapshot(PROXY, { listener: [listener('l', 8443, [tlsChain(['a.com'], 'exact')])], route: [vhFor('exact')] });
    expect(simulateRequest(only, { host: 'b.com', path: '/', port: 8443 })).toMatchObject({ matched: false, reason: 'no filter chain of listener l accepts server name b.com' });
  });

  it('fall back to the default filter chain', () => {
    const l = listener('l', 8443, [tlsChain(['a.com'], 'exact')]);
    (l.json as Record<string, unknown>).defaultFilterChain = { filters: hcmFilters('nosni') };
    const s = buildXdsSnapshot(PROXY, { listener: [l], route: [vhFor('exact'), vhFor('nosni')] });
    expect(simulateRequest(s, { host: 'b.com', path: '/', port: 8443 })).toMatchObject({ matched: true, routeConfig: 'nosni', filterChain: -1 });
  });

  it('build https redirect locations from the TLS connection', () => {
    const rc = routeConfig('r', [vhost('ns', 'v', ['*'], [route({ prefix: '/' }, { redirect: { hostRedirect: 'b.com' } })])]);
    const s = buildXdsSnapshot(PROXY, { listener: [listener('l', 8443, [tlsChain(undefined, 'r')])], route: [rc] });
    expect(simulateRequest(s, { host: 'a.com', path: '/p', port: 8443 })).toMatchObject({ action: { redirect: { location: 'https://b.com/p' } } });
  });
});

describe('formatDecision', () => {
  it('renders a matched decision as aligned lines', () => {
    const text = formatDecision(simulateRequest(petstore, { host: 'petstore.example.com', path: '/api/pets' }));
    expect(text).toBe(
      [
        'proxy         gloo-system~gateway-proxy',
        'listener      listener-::-8080 (routes listener-::-8080-routes)',
        'virtual host  default_petstore (VirtualService default/petstore) via domain petstore.example.com',
        'route         #1 team-a_pets-route-0 (RouteTable team-a/pets route 1)',
        'forward       petstore_default → Upstream default/petstore',
        'path          //pets',
      ].join('\n'),
    );
  });

  it('renders the reason when nothing matched', () => {
    const text = formatDecision(simulateRequest(petstore, { host: 'petstore.example.com', path: '/nope' }));
    expect(text.split('\n')[0]).toBe('no match      no route in virtual host default_petstore matches');
  });

  it('renders redirects, direct responses and weighted destinations', () => {
    expect(formatDecision(simulateRequest(petstore, { host: 'petstore.example.com', path: '/old' }))).toContain('redirect      302 http://petstore.example.com/new');
    expect(formatDecision(simulateRequest(petstore, { host: 'petstore.example.com', path: '/health' }))).toContain('respond       200 "ok"');
    const w = gatewaySnapshot([vhost('d', 'a', ['*'], [route({ prefix: '/' }, { route: { weightedClusters: { clusters: [{ name: 'a_d', weight: 3 }, { name: 'b_d', weight: 1 }] } } })])], ['a_d']);
    const text = formatDecision(simulateRequest(w, { path: '/' }));
    expect(text).toContain('a_d → Upstream d/a (weight 3)');
    expect(text).toContain('b_d → Upstream d/b (weight 1) [503: cluster b_d does not exist (Upstream d/b not found)]');
  });
});
