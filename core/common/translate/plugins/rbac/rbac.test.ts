import { describe, expect, it } from 'vitest';
import { re2FallbackValidator } from '../../regex';
import { virtualHostOptionIssues } from '../run-plugins';
import { forward, obj, upstream } from '../../testing/objects';
import { translateRoutes } from '../../testing/routes';
import { jwtPrincipal, permissions, RBAC_FILTER } from './rbac';

const JWKS = '{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}';
const PER_ROUTE = 'type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBACPerRoute';

describe('RBAC', () => {
  it('matches JWT claims in the payload the provider keeps in jwt_authn metadata', () => {
    expect(jwtPrincipal({ claims: { sub: 'svc-a' }, provider: 'kube' }, [], undefined)).toEqual({
      metadata: { filter: 'envoy.filters.http.jwt_authn', path: [{ key: 'kube' }, { key: 'sub' }], value: { stringMatch: { exact: 'svc-a' } } },
    });
  });

  it('looks in every provider of the virtual host when a principal names none, and splits nested claims', () => {
    const p = jwtPrincipal({ claims: { 'org.role': 'admin', 'email_verified': 'true' }, matcher: 'BOOLEAN' }, ['a', 'b'], '.');
    expect(p.orIds?.ids).toHaveLength(2);
    expect(p.orIds?.ids?.[0]).toEqual({
      andIds: {
        ids: [
          { metadata: { filter: 'envoy.filters.http.jwt_authn', path: [{ key: 'a' }, { key: 'email_verified' }], value: { boolMatch: true } } },
          { metadata: { filter: 'envoy.filters.http.jwt_authn', path: [{ key: 'a' }, { key: 'org' }, { key: 'role' }], value: { boolMatch: false } } },
        ],
      },
    });
  });

  it('matches a list claim that contains the value, and never matches without any provider', () => {
    expect(jwtPrincipal({ claims: { groups: 'ops' }, matcher: 'LIST_CONTAINS', provider: 'k' }, [], undefined).metadata?.value).toEqual({ listMatch: { oneOf: { stringMatch: { exact: 'ops' } } } });
    expect(jwtPrincipal({ claims: { sub: 'x' } }, [], undefined)).toEqual({ notId: { any: true } });
  });

  it('allows the path prefix and methods of a policy, or any request', () => {
    expect(permissions({ permissions: { pathPrefix: '/api', methods: ['GET', 'HEAD'] } })).toEqual([
      { andRules: { rules: [{ urlPath: { path: { prefix: '/api' } } }, { orRules: { rules: [{ header: { name: ':method', stringMatch: { exact: 'GET' } } }, { header: { name: ':method', stringMatch: { exact: 'HEAD' } } }] } }] } },
    ]);
    expect(permissions({})).toEqual([{ any: true }]);
  });

  it('puts policies per route, disables RBAC where asked, and adds a filter that enforces nothing by itself', () => {
    const vs = obj('VirtualService', 'pets', {
      virtualHost: {
        domains: ['*'],
        options: { jwt: { providers: { kube: { jwks: { local: { key: JWKS } } } } }, rbac: { policies: { viewer: { principals: [{ jwtPrincipal: { claims: { sub: 'svc-a' } } }], permissions: { methods: ['GET'] } } } } },
        routes: [{ ...forward('/health', 'web'), options: { rbac: { disable: true } } }, forward('/', 'web')],
      },
    });
    const out = translateRoutes([vs, upstream('web')]);
    expect(out.statusOf(vs)?.state).toBe('Accepted');
    expect(out.virtualHosts[0].typedPerFilterConfig?.[RBAC_FILTER]).toEqual({
      '@type': PER_ROUTE,
      rbac: { rules: { action: 'ALLOW', policies: { viewer: { permissions: [{ header: { name: ':method', stringMatch: { exact: 'GET' } } }], principals: [{ metadata: { filter: 'envoy.filters.http.jwt_authn', path: [{ key: 'kube' }, { key: 'sub' }], value: { stringMatch: { exact: 'svc-a' } } } }] } } } },
    });
    expect([...out.routes.values()][0].typedPerFilterConfig?.[RBAC_FILTER]).toEqual({ '@type': PER_ROUTE });
    expect(out.httpFilters.map((f) => f.name)).toEqual(['envoy.filters.http.jwt_authn', RBAC_FILTER, 'envoy.filters.http.router']);
    expect(out.httpFilters[1].typedConfig).toEqual({ '@type': 'type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC' });
  });

  it('warns when a principal can never match, and rejects a BOOLEAN claim that is not true or false', () => {
    const issues = virtualHostOptionIssues({ rbac: { policies: { p: { principals: [{ jwtPrincipal: { claims: { admin: 'yes' }, matcher: 'BOOLEAN' } }, { jwtPrincipal: { provider: 'other' } }] } } } }, re2FallbackValidator);
    expect(issues.map((i) => `${i.severity}: ${i.message}`)).toEqual([
      'error: virtualHost.options.rbac.policies.p.principals[0].jwtPrincipal.claims.admin: a BOOLEAN claim matches "true" or "false", not "yes"',
      'warning: virtualHost.options.rbac.policies.p.principals[0] names no JWT provider and the virtual host has none, so it never matches; set jwt providers on the virtual host',
      'warning: virtualHost.options.rbac.policies.p.principals[1].jwtPrincipal.provider "other" is not a JWT provider of the virtual host, so it never matches',
    ]);
  });
});
