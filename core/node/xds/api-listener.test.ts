import { describe, expect, it } from 'vitest';
import { buildXdsSnapshot } from '../../common/xds/snapshot-builder';
import { apiListenerJson, defaultGrpcRouteConfig, grpcHttpFilters } from './api-listener';
import { encodeApiListener } from './api-listener-bytes';
import { encodeEnvoyJson } from './resource-encoder';
import { DEFAULT_PROXY_KEY, proxyKeyOf } from './node-key';
import { PROXY, httpListener, input, routeConfig } from './test-support/fixtures';

const listeners = (...json: Record<string, unknown>[]) =>
  buildXdsSnapshot(PROXY, { ...input({ listener: json }), route: [] });

describe('proxyless gRPC clients', () => {
  it('the route configuration of the listener on port 8080 is the one gRPC clients get', () => {
    const snap = listeners(httpListener('other', 9090, 'other-routes'), httpListener('main', 8080, 'main-routes'));
    expect(defaultGrpcRouteConfig(snap)).toBe('main-routes');
  });

  it('without a port 8080 listener the first plain HTTP listener is used', () => {
    const snap = listeners(httpListener('tls', 8443, 'tls-routes', 'cert'), httpListener('plain', 9090, 'plain-routes'));
    expect(defaultGrpcRouteConfig(snap)).toBe('plain-routes');
  });

  it('a proxy with only TLS listeners gives gRPC clients no route configuration', () => {
    expect(defaultGrpcRouteConfig(listeners(httpListener('tls', 8443, 'tls-routes', 'cert')))).toBeUndefined();
    expect(defaultGrpcRouteConfig(buildXdsSnapshot(PROXY, { route: input({ route: [routeConfig('r', ['*'], [])] }).route }))).toBeUndefined();
  });

  it('the API listener is a valid Envoy Listener with an ADS-fed HCM and the router filter', () => {
    const json = apiListenerJson('echo.local', 'http');
    expect(() => encodeEnvoyJson('envoy.config.listener.v3.Listener', json)).not.toThrow();
    expect(json).toMatchObject({ name: 'echo.local', apiListener: { apiListener: { rds: { routeConfigName: 'http' } } } });
  });

  it('an API listener assembled from its parts is byte for byte the encoding of its JSON', () => {
    for (const [host, route] of [['echo.local', 'http#echo.local'], ['', ''], ['x'.repeat(300), `routes#${'y'.repeat(200)}`]]) {
      expect(encodeApiListener(host, route)).toEqual(encodeEnvoyJson('envoy.config.listener.v3.Listener', apiListenerJson(host, route)));
    }
  });

  it('the node role selects the proxy and a node without one gets gloo-system~gateway-proxy', () => {
    expect(proxyKeyOf({ id: 'x', cluster: '', metadata: { role: 'team~edge' } })).toBe('team~edge');
    expect(proxyKeyOf({ id: 'x', cluster: '', metadata: {} })).toBe(DEFAULT_PROXY_KEY);
    expect(proxyKeyOf({ id: 'x', cluster: '', metadata: { role: 7 } })).toBe(DEFAULT_PROXY_KEY);
    expect(proxyKeyOf(undefined)).toBe('gloo-system~gateway-proxy');
  });
});

describe('HTTP filters of API listeners', () => {
  it('carry the fault filter of the connection manager serving the route configuration, before the router, and no filter gRPC clients lack', () => {
    const listener = httpListener('listener-8080', 8080, 'http');
    const hcm = (listener.filterChains as { filters: { typedConfig: Record<string, unknown> }[] }[])[0].filters[0].typedConfig;
    const fault = { name: 'envoy.filters.http.fault', typedConfig: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault' } };
    const rbac = { name: 'envoy.filters.http.rbac', typedConfig: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC' } };
    hcm.httpFilters = [fault, rbac, ...(hcm.httpFilters as unknown[])];
    const snapshot = buildXdsSnapshot(PROXY, input({ listener: [listener], route: [routeConfig('http', ['*'], [])] }));
    expect(grpcHttpFilters(snapshot, 'http')).toEqual([fault]);
    expect(grpcHttpFilters(snapshot, 'other')).toEqual([]);
    const json = apiListenerJson('echo.local', 'http', [fault]) as { apiListener: { apiListener: { httpFilters: { name: string }[] } } };
    expect(json.apiListener.apiListener.httpFilters.map((f) => f.name)).toEqual(['envoy.filters.http.fault', 'envoy.filters.http.router']);
  });
});
