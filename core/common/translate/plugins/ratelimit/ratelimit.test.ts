import { describe, expect, it } from 'vitest';
import type { RouteJson } from '../../../gen/gateway/api/v1/virtual_service_pb';
import type { VirtualHostOptionsJson } from '../../../gen/gloo/api/v1/virtual_host_options_pb';
import { re2FallbackValidator } from '../../regex';
import { forward, obj, upstream } from '../../testing/objects';
import { translateRoutes } from '../../testing/routes';
import { envoyRateLimits, rateLimitActionProblems, SET_DESCRIPTOR_VALUE } from './actions';
import { basicRateLimits, RATE_LIMIT_KINDS } from './ratelimit';

const settings = (ratelimitServer: object) => obj('Settings', 'default', { ratelimitServer }, 'gloo-system');
const server = upstream('rate-limit', '10.0.0.8', 18081, 'gloo-system');
const serverRef = { ratelimitServerRef: { name: 'rate-limit', namespace: 'gloo-system' } };

function shop(routes: RouteJson[], options?: VirtualHostOptionsJson) {
  return obj('VirtualService', 'shop', { virtualHost: { domains: ['*'], routes, ...(options ? { options } : {}) } }, 'shop');
}

describe('rate-limit actions', () => {
  it('become Envoy actions at the stage given, header matches as string matchers', () => {
    const limits = envoyRateLimits([{ actions: [{ genericKey: { descriptorValue: 'per-ip' } }, { remoteAddress: {} }, { headerValueMatch: { descriptorValue: 'post', headers: [{ name: ':method', exactMatch: 'POST' }, { name: 'x-id', regexMatch: '[0-9]+', invertMatch: true }] } }] }], 1);
    expect(limits).toEqual([{ stage: 1, actions: [{ genericKey: { descriptorValue: 'per-ip' } }, { remoteAddress: {} }, { headerValueMatch: { descriptorValue: 'post', headers: [{ name: ':method', stringMatch: { exact: 'POST' } }, { name: 'x-id', stringMatch: { safeRegex: { regex: '[0-9]+' } }, invertMatch: true }] } }] }]);
  });

  it('start set-style actions with the set-descriptor key and let their request headers be absent', () => {
    const [limit] = envoyRateLimits([{ setActions: [{ requestHeaders: { headerName: 'x-user', descriptorKey: 'user' } }] }], 2);
    expect(limit.actions).toEqual([{ genericKey: { descriptorValue: SET_DESCRIPTOR_VALUE } }, { requestHeaders: { headerName: 'x-user', descriptorKey: 'user', skipIfAbsent: true } }]);
  });

  it('report the required fields Gloo reports missing', () => {
    const problems = rateLimitActionProblems([{ actions: [{ requestHeaders: { headerName: 'x' } }, { genericKey: {} }, {}] }], 'options.ratelimit.rateLimits', re2FallbackValidator);
    expect(problems).toEqual([
      'options.ratelimit.rateLimits[0].actions[0]: requestHeaders.descriptorKey is required',
      'options.ratelimit.rateLimits[0].actions[1]: genericKey.descriptorValue is required',
      'options.ratelimit.rateLimits[0].actions[2]: sets no action (one of sourceCluster, destinationCluster, requestHeaders, remoteAddress, genericKey, headerValueMatch, metadata)',
    ]);
  });
});

describe('rate limiting', () => {
  it('limits authorized users by user id and anonymous ones by address for ratelimitBasic', () => {
    const limits = basicRateLimits({ authorizedLimits: { requestsPerUnit: 10 }, anonymousLimits: { requestsPerUnit: 1 } }, 'shop_shop', 'x-user-id', 0);
    expect(limits.map((l) => l.actions?.map((a) => Object.keys(a)[0]))).toEqual([
      ['genericKey', 'headerValueMatch', 'requestHeaders'],
      ['genericKey', 'headerValueMatch', 'remoteAddress'],
    ]);
    expect(limits[1].actions?.[1]).toEqual({ headerValueMatch: { descriptorValue: 'not-authenticated', expectMatch: false, headers: [{ name: 'x-user-id', presentMatch: true }] } });
  });

  it('puts actions on routes and virtual hosts and one ratelimit filter per domain, talking to the server Settings name', () => {
    const config = obj('RateLimitConfig', 'per-path', { raw: { rateLimits: [{ actions: [{ genericKey: { descriptorValue: 'counter' } }] }] } }, 'shop');
    const vs = shop([{ ...forward('/', 'web'), name: 'all', options: { ratelimit: { rateLimits: [{ actions: [{ remoteAddress: {} }] }], includeVhRateLimits: true }, rateLimitConfigs: { refs: [{ name: 'per-path' }] } } }], { ratelimitBasic: { anonymousLimits: { requestsPerUnit: 5, unit: 'MINUTE' } } });
    const out = translateRoutes([vs, config, upstream('web', '10.0.0.1', 8080, 'shop'), server, settings({ ...serverRef, denyOnFail: true })]);
    expect(out.statusOf(vs)?.state).toBe('Accepted');
    const route = [...out.routes.values()][0].route!;
    expect(route.rateLimits).toEqual([{ stage: 1, actions: [{ remoteAddress: {} }] }, { stage: 2, actions: [{ genericKey: { descriptorValue: 'counter' } }] }]);
    expect(route.includeVhRateLimits).toBe(true);
    expect(out.virtualHosts[0].rateLimits?.[0]).toMatchObject({ stage: 0, actions: [{ genericKey: { descriptorValue: 'shop_shop' } }, {}, { remoteAddress: {} }] });
    expect(out.httpFilters.map((f) => f.name)).toEqual([RATE_LIMIT_KINDS.custom.filter, RATE_LIMIT_KINDS.ingress.filter, RATE_LIMIT_KINDS.crd.filter, 'envoy.filters.http.router']);
    expect(out.httpFilters[0].typedConfig).toEqual({
      '@type': 'type.googleapis.com/envoy.extensions.filters.http.ratelimit.v3.RateLimit',
      domain: 'custom',
      stage: 1,
      requestType: 'both',
      timeout: '0.100s',
      failureModeDeny: true,
      rateLimitService: { transportApiVersion: 'V3', grpcService: { envoyGrpc: { clusterName: 'rate-limit_gloo-system' } } },
    });
  });

  it('moves the filters before auth when Settings ask for it', () => {
    const vs = shop([{ ...forward('/', 'web'), options: { ratelimit: { rateLimits: [{ actions: [{ remoteAddress: {} }] }] }, extauth: { customAuth: {} } } }]);
    const s = obj('Settings', 'default', { ratelimitServer: { ...serverRef, rateLimitBeforeAuth: true }, extauth: { extauthzServerRef: { name: 'rate-limit', namespace: 'gloo-system' } } }, 'gloo-system');
    const out = translateRoutes([vs, upstream('web', '10.0.0.1', 8080, 'shop'), server, s]);
    expect(out.httpFilters.map((f) => f.name)).toEqual([RATE_LIMIT_KINDS.custom.filter, 'envoy.filters.http.ext_authz', 'envoy.filters.http.router']);
    expect([...out.routes.values()][0].route?.rateLimits?.[0].stage).toBe(3);
  });

  it('stays a Warning, with nothing translated, when Settings name no rate-limit server', () => {
    const vs = shop([{ ...forward('/', 'web'), options: { ratelimit: { rateLimits: [{ actions: [{ remoteAddress: {} }] }] } } }]);
    const out = translateRoutes([vs, upstream('web', '10.0.0.1', 8080, 'shop'), obj('Settings', 'default', {}, 'gloo-system')]);
    expect(out.statusOf(vs)).toMatchObject({ state: 'Warning', reason: expect.stringContaining('route 1 (`/`): options.ratelimit is not translated: Settings names no server (ratelimitServer.ratelimitServerRef)') });
    expect([...out.routes.values()][0].route?.rateLimits).toBeUndefined();
    expect(out.httpFilters.map((f) => f.name)).toEqual(['envoy.filters.http.router']);
  });

  it('warns about a RateLimitConfig that does not exist and rejects actions Gloo refuses', () => {
    const vs = shop([{ ...forward('/', 'web'), options: { rateLimitConfigs: { refs: [{ name: 'gone', namespace: 'shop' }] } } }, { ...forward('/b', 'web'), options: { ratelimit: { rateLimits: [{ actions: [{ genericKey: {} }] }] } } }]);
    const out = translateRoutes([vs, upstream('web', '10.0.0.1', 8080, 'shop'), server, settings(serverRef)]);
    expect(out.statusOf(vs)).toMatchObject({ state: 'Rejected' });
    expect(out.statusOf(vs)?.reason).toContain('route 1 (`/`): options.rateLimitConfigs: RateLimitConfig shop/gone not found, so its limits are not applied');
    expect(out.statusOf(vs)?.reason).toContain('route 2 (`/b`): options.ratelimit.rateLimits[0].actions[0]: genericKey.descriptorValue is required');
  });
});
