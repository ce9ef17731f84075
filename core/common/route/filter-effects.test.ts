import { describe, expect, it } from 'vitest';
import { resolveAction, type ActionContext } from './action-resolver';
import type { HttpConnectionManagerInput, RouteInput, VirtualHostInput } from './envoy-input';
import { filterEffects } from './filter-effects';
import { packAny, typeUrl } from '../xds/envoy-any';
import type { ExtAuthzJson, ExtAuthzPerRouteJson } from '../gen/envoy/envoy/extensions/filters/http/ext_authz/v3/ext_authz_pb';
import type { RBACJson, RBACPerRouteJson } from '../gen/envoy/envoy/extensions/filters/http/rbac/v3/rbac_pb';
import type { RouterJson } from '../gen/envoy/envoy/extensions/filters/http/router/v3/router_pb';
import { formatDecision } from './format-decision';
import { defaultRegexMatcher } from './regex';
import { requestView } from './request';
import { simulateRequest } from './simulator';
import { forward, obj, upstream, virtualService } from '../translate/testing/objects';
import { translateRoutes } from '../translate/testing/routes';

const ctx = (clusters: string[] = [], extra: Partial<ActionContext> = {}): ActionContext => ({ regex: defaultRegexMatcher, warnings: [], clusterExists: (n) => clusters.includes(n), ...extra });
const view = requestView({ host: 'a.com', path: '/' }, false);
const T = 'envoy.extensions.filters.http.';
const EXT_AUTHZ = typeUrl<ExtAuthzJson>(`${T}ext_authz.v3.ExtAuthz`);
const EXT_AUTHZ_PER_ROUTE = typeUrl<ExtAuthzPerRouteJson>(`${T}ext_authz.v3.ExtAuthzPerRoute`);
const RBAC = typeUrl<RBACJson>(`${T}rbac.v3.RBAC`);
const RBAC_PER_ROUTE = typeUrl<RBACPerRouteJson>(`${T}rbac.v3.RBACPerRoute`);
const ROUTER = typeUrl<RouterJson>(`${T}router.v3.Router`);

describe('forward details', () => {
  it('show mirrors with their share, and flag a mirror cluster the snapshot lacks', () => {
    const r: RouteInput = { route: { cluster: 'web_ns', requestMirrorPolicies: [{ cluster: 'shadow_ns', runtimeFraction: { defaultValue: { numerator: 250_000, denominator: 'MILLION' } } }, { cluster: 'gone_ns' }] } };
    expect(resolveAction(r, '/', view, ctx(['web_ns', 'shadow_ns'])).mirrors).toEqual([
      { upstream: { namespace: 'ns', name: 'shadow' }, cluster: 'shadow_ns', percent: 25 },
      { upstream: { namespace: 'ns', name: 'gone' }, cluster: 'gone_ns', percent: 100, missing: true },
    ]);
  });

  it('take the route retry policy over the virtual host one, with Envoy default of one retry', () => {
    const vhPolicy = { retryOn: '5xx', numRetries: 4 };
    const own = resolveAction({ route: { cluster: 'c', retryPolicy: { retryOn: 'reset', retryBackOff: { baseInterval: '0.1s', maxInterval: '1s' } } } }, '/', view, ctx(['c'], { virtualHostRetryPolicy: vhPolicy }));
    expect(own.retries).toEqual({ retryOn: 'reset', numRetries: 1, backOff: { baseInterval: '0.1s', maxInterval: '1s' }, from: 'route' });
    const inherited = resolveAction({ route: { cluster: 'c' } }, '/', view, ctx(['c'], { virtualHostRetryPolicy: vhPolicy }));
    expect(inherited.retries).toEqual({ retryOn: '5xx', numRetries: 4, from: 'virtualHost' });
  });

  it('name what the hash policies hash', () => {
    const r: RouteInput = { route: { cluster: 'c', hashPolicy: [{ header: { headerName: 'x-user' } }, { cookie: { name: 'sid' } }, { connectionProperties: { sourceIp: true } }] } };
    expect(resolveAction(r, '/', view, ctx(['c'])).hashOn).toEqual(['header x-user', 'cookie sid', 'source IP']);
  });
});

describe('filter effects', () => {
  const hcm: HttpConnectionManagerInput = {
    httpFilters: [
      { name: 'envoy.filters.http.ext_authz', typedConfig: packAny(EXT_AUTHZ, { grpcService: { envoyGrpc: { clusterName: 'auth_gloo-system' } } }), disabled: true },
      { name: 'envoy.filters.http.rbac', typedConfig: packAny(RBAC, {}) },
      { name: 'envoy.filters.http.router', typedConfig: packAny(ROUTER, {}) },
    ],
  };

  it('skip a filter that is off by default where no per-route config turns it on', () => {
    expect(filterEffects(hcm, undefined, {}, {})).toEqual([
      { name: 'envoy.filters.http.ext_authz', runs: false, note: 'off by default; neither the route nor its virtual host turns it on' },
      { name: 'envoy.filters.http.rbac', runs: true, note: 'no policy for this route: every request is allowed' },
    ]);
  });

  it('read the route config before the virtual host one', () => {
    const vh: VirtualHostInput = { typedPerFilterConfig: { 'envoy.filters.http.ext_authz': packAny(EXT_AUTHZ_PER_ROUTE, { checkSettings: { contextExtensions: { tier: 'gold' } } }) } };
    const route: RouteInput = { typedPerFilterConfig: { 'envoy.filters.http.rbac': packAny(RBAC_PER_ROUTE, { rbac: { rules: { action: 'ALLOW', policies: { viewer: {} } } } }) } };
    expect(filterEffects(hcm, undefined, vh, route)).toEqual([
      { name: 'envoy.filters.http.ext_authz', runs: true, note: 'asks the auth server on cluster auth_gloo-system with tier=gold' },
      { name: 'envoy.filters.http.rbac', runs: true, note: 'ALLOWs requests matching policy viewer' },
    ]);
  });

  it('show in the route tester what a translated config does: mirror, retries, hash, auth and RBAC', () => {
    const routeOptions = { shadowing: { upstream: { name: 'shadow' }, percentage: 10 }, retries: { retryOn: '5xx', numRetries: 2, retryBackOff: { baseInterval: '0.05s' } }, lbHash: { hashPolicies: [{ header: 'x-user' }] }, extauth: { customAuth: {} } };
    const vs = virtualService('web', ['*'], [{ ...forward('/', 'web'), options: routeOptions }]);
    const settings = obj('Settings', 'default', { extauth: { extauthzServerRef: { name: 'auth', namespace: 'gloo-system' } } }, 'gloo-system');
    const out = translateRoutes([vs, upstream('web'), upstream('shadow', '10.0.0.2'), upstream('auth', '10.0.0.3', 8083, 'gloo-system'), settings]);
    const d = simulateRequest(out.xds!, { host: 'any.example', path: '/pets' });
    expect(d.matched).toBe(true);
    const text = formatDecision(d);
    expect(text).toContain('mirror        10% copied to shadow_default → Upstream default/shadow');
    expect(text).toContain('retries       2 on 5xx, back-off 0.05s');
    expect(text).toContain('hash on       header x-user');
    expect(text).toContain('filter        envoy.filters.http.ext_authz: runs, asks the auth server on cluster auth_gloo-system');
  });

  it('show in the route tester the Lambda function a route invokes, and skip the filter on routes to other upstreams', () => {
    const lambda = obj('Upstream', 'fn', { aws: { region: 'us-east-1', awsAccountId: '123456789012', lambdaFunctions: [{ logicalName: 'up', lambdaFunctionName: 'uppercase' }] } });
    const toFunction = { matchers: [{ prefix: '/up' }], routeAction: { single: { upstream: { name: 'fn', namespace: 'default' }, destinationSpec: { aws: { logicalName: 'up', invocationStyle: 'ASYNC' as const } } } } };
    const out = translateRoutes([virtualService('web', ['*'], [toFunction, forward('/', 'web')]), lambda, upstream('web')]);
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:uppercase';
    expect(formatDecision(simulateRequest(out.xds!, { host: 'a', path: '/up' }))).toContain(`filter        envoy.filters.http.aws_lambda: runs, invokes Lambda function ${arn} asynchronously: signed POST /2015-03-31/functions/${arn}/invocations`);
    expect(formatDecision(simulateRequest(out.xds!, { host: 'a', path: '/pets' }))).toContain('envoy.filters.http.aws_lambda: skipped');
  });
});
