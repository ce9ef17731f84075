import { describe, expect, it } from 'vitest';
import type { HttpListenerOptionsJson } from '../gen/gloo/api/v1/http_listener_options_pb';
import { createPipeline } from '../translate/pipeline';
import { gateway } from '../translate/testing/listeners';
import { forward, snapshot, upstream, virtualService } from '../translate/testing/objects';
import { healthCheckAnswer, pathForRouting, removeDotSegments } from './path-normalization';
import { simulateRequest } from './simulator';

/** The xDS of gateway-proxy for a Gateway with these HTTP options, routing /api to `api` and / to `web`. */
function proxyWith(options: HttpListenerOptionsJson) {
  const objects = [
    gateway({ httpGateway: { options } }),
    upstream('api', '10.0.0.1', 8080, 'gloo-system'),
    upstream('web', '10.0.0.2', 8080, 'gloo-system'),
    virtualService('web', ['*'], [forward('/api/', 'api'), forward('/', 'web')], 'gloo-system'),
  ];
  return createPipeline({ now: () => new Date('2024-01-01T00:00:00.000Z') }).run(snapshot(objects)).xds.get('gloo-system~gateway-proxy')!;
}

const clusterOf = (d: ReturnType<typeof simulateRequest>) => (d.matched ? d.action.destinations?.[0]?.cluster : d.reason);

describe('path settings of the connection manager', () => {
  it('removes dot segments as RFC 3986 does', () => {
    expect(removeDotSegments('/a/b/../c/./d')).toBe('/a/c/d');
    expect(removeDotSegments('/../a')).toBe('/a');
    expect(removeDotSegments('/a/..')).toBe('/');
    expect(removeDotSegments('/a/.')).toBe('/a/');
  });

  it('unescapes slashes, then normalizes, then merges slashes, and leaves the query alone', () => {
    const hcm = { normalizePath: true, mergeSlashes: true, pathWithEscapedSlashesAction: 'UNESCAPE_AND_FORWARD' as const };
    expect(pathForRouting('/x%2F..//api/./v1?q=a//b', hcm)).toEqual({ pathWithQuery: '/api/v1?q=a//b' });
    expect(pathForRouting('/a//b', {})).toEqual({ pathWithQuery: '/a//b' });
  });

  it('refuses a path with escaped slashes when told to, and notes the redirect when told to redirect', () => {
    expect(pathForRouting('/a%2fb', { pathWithEscapedSlashesAction: 'REJECT_REQUEST' }).refused).toMatch(/^Envoy rejects the request with 400/);
    expect(pathForRouting('/a%2fb', { pathWithEscapedSlashesAction: 'UNESCAPE_AND_REDIRECT' })).toMatchObject({ pathWithQuery: '/a/b', note: expect.stringContaining('redirects') });
  });

  it('routes on the normalized path in the route simulator', () => {
    const xds = proxyWith({ httpConnectionManagerSettings: { mergeSlashes: true } });
    expect(clusterOf(simulateRequest(xds, { host: 'x', path: '/static/../api/v1' }))).toBe('api_gloo-system');
    expect(clusterOf(simulateRequest(xds, { host: 'x', path: '//api//v1' }))).toBe('api_gloo-system');
    const off = proxyWith({ httpConnectionManagerSettings: { normalizePath: false } });
    expect(clusterOf(simulateRequest(off, { host: 'x', path: '/static/../api/v1' }))).toBe('web_gloo-system');
  });

  it('shows that the health check filter answers its path before routing', () => {
    const xds = proxyWith({ healthCheck: { path: '/healthz' } });
    const d = simulateRequest(xds, { host: 'x', path: '/healthz' });
    expect(d.matched).toBe(false);
    expect(d.matched ? '' : d.reason).toBe("Envoy's health check filter answers /healthz itself (200, or 503 while draining); the request is not routed");
    expect(clusterOf(simulateRequest(xds, { host: 'x', path: '/healthz?full=1' }))).toBe('web_gloo-system');
  });

  it('ignores a health check filter in pass-through mode', () => {
    const filter = { name: 'hc', typedConfig: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.health_check.v3.HealthCheck', passThroughMode: true, headers: [{ name: ':path', stringMatch: { exact: '/h' } }] } };
    expect(healthCheckAnswer('/h', { httpFilters: [filter] })).toBeUndefined();
  });
});
