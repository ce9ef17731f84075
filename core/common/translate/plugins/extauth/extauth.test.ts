import { describe, expect, it } from 'vitest';
import type { RouteJson } from '../../../gen/gateway/api/v1/virtual_service_pb';
import type { VirtualHostOptionsJson } from '../../../gen/gloo/api/v1/virtual_host_options_pb';
import { forward, obj, snapshot, upstream } from '../../testing/objects';
import { createPipeline } from '../../pipeline';
import { translateRoutes } from '../../testing/routes';
import { CONFIG_ID_KEY, EXT_AUTHZ_FILTER, extAuthzConfig, extAuthzPerRoute } from './extauth';

const PER_ROUTE = 'type.googleapis.com/envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute';
const settings = (extauth: object) => obj('Settings', 'default', { extauth }, 'gloo-system');
const server = upstream('extauth', '10.0.0.9', 8083, 'gloo-system');

function shop(routes: RouteJson[], options?: VirtualHostOptionsJson) {
  return obj('VirtualService', 'shop', { virtualHost: { domains: ['*'], routes, ...(options ? { options } : {}) } }, 'shop');
}

describe('external auth', () => {
  it('asks the gRPC server on the cluster of the Upstream Settings names, with Gloo defaults', () => {
    expect(extAuthzConfig({ extauthzServerRef: { name: 'extauth', namespace: 'gloo-system' } }, 'extauth_gloo-system')).toEqual({
      metadataContextNamespaces: ['envoy.filters.http.jwt_authn'],
      transportApiVersion: 'V3',
      grpcService: { envoyGrpc: { clusterName: 'extauth_gloo-system' }, timeout: '0.200s' },
    });
  });

  it('asks an HTTP server with the path prefix, headers and failure mode Settings give', () => {
    const config = extAuthzConfig({ httpService: { pathPrefix: '/auth/', request: { allowedHeaders: ['x-a'], allowedHeadersRegex: ['x-b-.*'] }, response: { allowedUpstreamHeaders: ['x-user'] } }, requestTimeout: '1s', failureModeAllow: true, statusOnError: 503 }, 'auth_gloo-system');
    expect(config.httpService).toEqual({
      serverUri: { uri: 'http://not-used.example.com/', cluster: 'auth_gloo-system', timeout: '1s' },
      pathPrefix: '/auth',
      authorizationRequest: { allowedHeaders: { patterns: [{ exact: 'x-a' }, { safeRegex: { regex: 'x-b-.*' } }] } },
      authorizationResponse: { allowedUpstreamHeaders: { patterns: [{ exact: 'x-user' }] } },
    });
    expect(config).toMatchObject({ failureModeAllow: true, statusOnError: { code: 503 } });
  });

  it('disables auth on a virtual host without custom auth, enables it with context extensions, and lets a route inherit', () => {
    expect(extAuthzPerRoute({}, 'shop', 'virtualHost')).toEqual({ disabled: true });
    expect(extAuthzPerRoute({}, 'shop', 'route')).toBeUndefined();
    expect(extAuthzPerRoute({ disable: true }, 'shop', 'route')).toEqual({ disabled: true });
    expect(extAuthzPerRoute({ customAuth: { contextExtensions: { tier: 'gold' } } }, 'shop', 'route')).toEqual({ checkSettings: { contextExtensions: { tier: 'gold' } } });
    expect(extAuthzPerRoute({ configRef: { name: 'oidc' } }, 'shop', 'route')).toEqual({ checkSettings: { contextExtensions: { [CONFIG_ID_KEY]: 'shop.oidc' } } });
  });

  it('adds the filter disabled by default, enabled where a route or virtual host has auth', () => {
    const vs = shop([{ ...forward('/public', 'web'), options: { extauth: { disable: true } } }, forward('/', 'web')], { extauth: { customAuth: {} } });
    const out = translateRoutes([vs, upstream('web', '10.0.0.1', 8080, 'shop'), server, settings({ extauthzServerRef: { name: 'extauth', namespace: 'gloo-system' } })]);
    expect(out.statusOf(vs)?.state).toBe('Accepted');
    expect(out.httpFilters.map((f) => [f.name, f.disabled])).toEqual([[EXT_AUTHZ_FILTER, true], ['envoy.filters.http.router', undefined]]);
    expect(out.virtualHosts[0].typedPerFilterConfig?.[EXT_AUTHZ_FILTER]).toEqual({ '@type': PER_ROUTE, checkSettings: { contextExtensions: {} } });
    const [pub, rest] = [...out.routes.values()];
    expect(pub.typedPerFilterConfig?.[EXT_AUTHZ_FILTER]).toEqual({ '@type': PER_ROUTE, disabled: true });
    expect(rest.typedPerFilterConfig).toBeUndefined();
  });

  it('stays a Warning, with nothing translated, when Settings name no auth server', () => {
    const vs = shop([{ ...forward('/', 'web'), options: { extauth: { customAuth: {} } } }]);
    const out = translateRoutes([vs, upstream('web', '10.0.0.1', 8080, 'shop'), settings({})]);
    expect(out.statusOf(vs)).toMatchObject({ state: 'Warning', reason: expect.stringContaining('route 1 (`/`): options.extauth is not translated: Settings names no server (extauth.extauthzServerRef)') });
    expect(out.httpFilters.map((f) => f.name)).toEqual(['envoy.filters.http.router']);
    expect([...out.routes.values()][0].typedPerFilterConfig).toBeUndefined();
  });

  it('warns that an AuthConfig is enforced only by Gloo\'s auth service, and that a missing server cannot be reached', () => {
    const vs = shop([{ ...forward('/', 'web'), options: { extauth: { configRef: { name: 'oidc', namespace: 'shop' } } } }]);
    const out = translateRoutes([vs, upstream('web', '10.0.0.1', 8080, 'shop'), settings({ extauthzServerRef: { name: 'nowhere' } })]);
    const reason = out.statusOf(vs)?.reason ?? '';
    expect(reason).toContain('names Upstream gloo-system/nowhere, which does not exist');
    expect(reason).toContain("AuthConfig shop/oidc (not found) is enforced only by Gloo's external auth service");
    expect([...out.routes.values()][0].typedPerFilterConfig?.[EXT_AUTHZ_FILTER]).toMatchObject({ checkSettings: { contextExtensions: { config_id: 'shop.oidc' } } });
  });

  it('translates cached routes again when Settings change', () => {
    const vs = shop([{ ...forward('/', 'web'), options: { extauth: { customAuth: {} } } }]);
    const base = [vs, upstream('web', '10.0.0.1', 8080, 'shop'), server];
    const pipeline = createPipeline({ now: () => new Date('2024-01-01T00:00:00.000Z') });
    const filtersOf = (r: ReturnType<typeof pipeline.run>) => JSON.stringify(r.xds.get('gloo-system~gateway-proxy')?.resources.listener.items.get('listener-::-8080')?.json).includes(EXT_AUTHZ_FILTER);
    for (let round = 0; round < 3; round++) {
      const before = pipeline.run(snapshot([...base, settings({})]));
      expect(filtersOf(before)).toBe(false);
      expect(before.statuses.get('VirtualService.shop.shop')?.state).toBe('Warning');
      const after = pipeline.run(snapshot([...base, settings({ extauthzServerRef: { name: 'extauth', namespace: 'gloo-system' } })]));
      expect(filtersOf(after)).toBe(true);
      expect(after.statuses.get('VirtualService.shop.shop')?.state).toBe('Accepted');
    }
  });
});
