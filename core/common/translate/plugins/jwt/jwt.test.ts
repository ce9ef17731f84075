import { describe, expect, it } from 'vitest';
import type { RouteJson } from '../../../gen/gateway/api/v1/virtual_service_pb';
import type { VirtualHostOptionsJson } from '../../../gen/gloo/api/v1/virtual_host_options_pb';
import { re2FallbackValidator } from '../../regex';
import { virtualHostOptionIssues } from '../run-plugins';
import { forward, obj, upstream } from '../../testing/objects';
import { translateRoutes } from '../../testing/routes';
import { JWT_FILTERS, jwtProvider, requirementOf } from './jwt';

const PER_ROUTE = 'type.googleapis.com/envoy.extensions.filters.http.jwt_authn.v3.PerRouteConfig';
const JWKS = '{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}';

function shop(routes: RouteJson[], options?: VirtualHostOptionsJson) {
  return obj('VirtualService', 'shop', { virtualHost: { domains: ['*'], routes, ...(options ? { options } : {}) } }, 'shop');
}

describe('JWT', () => {
  it('maps a provider: issuer, audiences, token sources, claims to headers, payload kept under its name', () => {
    const p = jwtProvider('kube', { issuer: 'iss', audiences: ['a'], jwks: { local: { key: JWKS } }, keepToken: true, tokenSource: { headers: [{ header: 'authorization', prefix: 'Bearer ' }], queryParams: ['token'] }, claimsToHeaders: [{ claim: 'sub', header: 'x-sub' }], clockSkewSeconds: 30 }, 'shop');
    expect(p).toEqual({
      payloadInMetadata: 'kube',
      issuer: 'iss',
      audiences: ['a'],
      localJwks: { inlineString: JWKS },
      forward: true,
      fromHeaders: [{ name: 'authorization', valuePrefix: 'Bearer ' }],
      fromParams: ['token'],
      claimToHeaders: [{ headerName: 'x-sub', claimName: 'sub' }],
      clockSkewSeconds: 30,
    });
  });

  it('fetches a remote key set from the cluster of its Upstream', () => {
    const p = jwtProvider('idp', { jwks: { remote: { url: 'http://idp/keys', upstreamRef: { name: 'idp' }, cacheDuration: '300s' } } }, 'shop');
    expect(p.remoteJwks).toEqual({ httpUri: { uri: 'http://idp/keys', cluster: 'idp_shop', timeout: '5s' }, cacheDuration: '300s' });
  });

  it('requires any provider, allowing missing or failed tokens as the validation policy says', () => {
    expect(requirementOf({}, ['a'])).toEqual({ providerName: 'a' });
    expect(requirementOf({ validationPolicy: 'ALLOW_MISSING' }, ['a', 'b'])).toEqual({ requiresAny: { requirements: [{ providerName: 'a' }, { providerName: 'b' }, { allowMissing: {} }] } });
    expect(requirementOf({ allowMissingOrFailedJwt: true }, ['a'])).toEqual({ requiresAny: { requirements: [{ providerName: 'a' }, { allowMissingOrFailed: {} }] } });
  });

  it('selects the virtual host requirement, lets a route disable it, and puts providers of every virtual host in the filter', () => {
    const vs = shop([{ ...forward('/public', 'web'), options: { jwt: { disable: true } } }, forward('/', 'web')], { jwt: { providers: { kube: { issuer: 'k', jwks: { local: { key: JWKS } } } } } });
    const out = translateRoutes([vs, upstream('web', '10.0.0.1', 8080, 'shop')]);
    expect(out.statusOf(vs)?.state).toBe('Accepted');
    expect(out.virtualHosts[0].typedPerFilterConfig?.[JWT_FILTERS.after]).toEqual({ '@type': PER_ROUTE, requirementName: 'shop_shop' });
    const [pub, rest] = [...out.routes.values()];
    expect(pub.typedPerFilterConfig?.[JWT_FILTERS.after]).toEqual({ '@type': PER_ROUTE, disabled: true });
    expect(rest.typedPerFilterConfig).toBeUndefined();
    expect(out.httpFilters.map((f) => f.name)).toEqual([JWT_FILTERS.after, 'envoy.filters.http.router']);
    expect(out.httpFilters[0].typedConfig).toMatchObject({ providers: { shop_shop_kube: { issuer: 'k', payloadInMetadata: 'kube' } }, requirementMap: { shop_shop: { providerName: 'shop_shop_kube' } } });
  });

  it('runs the before-ext-auth stage in its own filter, before ext_authz, and the after stage after it', () => {
    const ext = { providers: { p: { jwks: { local: { key: JWKS } } } } };
    const vs = shop([{ ...forward('/', 'web'), options: { extauth: { customAuth: {} } } }], { jwtStaged: { beforeExtAuth: ext, afterExtAuth: ext } });
    const s = obj('Settings', 'default', { extauth: { extauthzServerRef: { name: 'auth', namespace: 'gloo-system' } } }, 'gloo-system');
    const out = translateRoutes([vs, upstream('web', '10.0.0.1', 8080, 'shop'), upstream('auth', '10.0.0.2', 8080, 'gloo-system'), s]);
    expect(out.httpFilters.map((f) => f.name)).toEqual([JWT_FILTERS.before, 'envoy.filters.http.ext_authz', JWT_FILTERS.after, 'envoy.filters.http.router']);
  });

  it('gives a route with its own providers a requirement of its own', () => {
    const vs = shop([{ ...forward('/admin', 'web'), name: 'admin', options: { jwtProvidersStaged: { afterExtAuth: { providers: { admin: { jwks: { local: { key: JWKS } } } } } } } }]);
    const out = translateRoutes([vs, upstream('web', '10.0.0.1', 8080, 'shop')]);
    const [route] = [...out.routes.values()];
    const owner = route.name!.replace(/-matcher-0$/, '');
    expect(route.typedPerFilterConfig?.[JWT_FILTERS.after]).toEqual({ '@type': PER_ROUTE, requirementName: owner });
    expect(out.httpFilters[0].typedConfig).toMatchObject({ providers: { [`${owner}_admin`]: {} }, requirementMap: { [owner]: { providerName: `${owner}_admin` } } });
  });

  it('rejects a provider without keys or with keys it cannot read, and a remote key set without an Upstream', () => {
    const issues = virtualHostOptionIssues({ jwt: { providers: { a: {}, b: { jwks: { local: { key: 'nope' } } }, c: { jwks: { remote: { url: 'http://x' } } } } } }, re2FallbackValidator);
    expect(issues.map((i) => i.message)).toEqual([
      'virtualHost.options.jwt.providers.a.jwks needs local or remote keys',
      'virtualHost.options.jwt.providers.b.jwks.local.key is neither a JSON web key (set) nor a PEM public key ("BEGIN PUBLIC KEY")',
      'virtualHost.options.jwt.providers.c.jwks.remote.upstreamRef is required: name the Upstream that serves the key set',
    ]);
  });
});
