// External auth, after Gloo's extauth plugin (projects/gloo/pkg/plugins/extauth/plugin.go and
// config_generator.go: GenerateEnvoyConfigForFilter, GenerateVirtualHostExtAuthzConfig,
// GenerateRouteExtAuthzConfig, GenerateWeightedDestinationExtAuthzConfig): Envoy's standard ext_authz filter asks the auth server Settings names
// (`extauth.extauthzServerRef`, gRPC on that Upstream's cluster, or HTTP with `httpService`).
// Gloo disables the filter on every virtual host without auth; here the filter is disabled by default
// (HttpFilter.disabled) and a route or virtual host with auth enables it with its ExtAuthzPerRoute,
// which Envoy reads the same way (most specific config wins). An AuthConfig (`configRef`) is
// enforced only by Gloo's own auth service: the route asks the server with its name and keeps a Warning.
import type { ExtAuthExtensionJson, SettingsJson as ExtAuthSettings } from '../../../gen/gloo/api/v1/enterprise/options/extauth/v1/extauth_pb';
import type { ExtAuthzJson, ExtAuthzPerRouteJson } from '../../../gen/envoy/envoy/extensions/filters/http/ext_authz/v3/ext_authz_pb';
import type { ListStringMatcherJson } from '../../../gen/envoy/envoy/type/matcher/v3/string_pb';
import type { HttpStatusJson } from '../../../gen/envoy/envoy/type/v3/http_status_pb';
import { packAny, typeUrl } from '../../../xds/envoy-any';
import { durationProblem } from '../../durations';
import type { PolicyView } from '../../gloo/policy-view';
import { describeKey } from '../../names';
import { closestRef } from '../../ref-suggestion';
import type { Issue } from '../../served';
import { sourceNamespace } from '../option-namespace';
import { setPerFilterConfig } from '../per-filter-config';
import { FilterStage, type CheckContext, type Plugin, type StagedHttpFilter } from '../plugin';
import { settingsServer } from '../policy-server';
import { refKey, resolveRef } from '../../../model/resource';

/** ext_authz HTTP filter name (Envoy's wellknown.HTTPExternalAuthorization). */
export const EXT_AUTHZ_FILTER = 'envoy.filters.http.ext_authz';
/** The JWT filter's metadata namespace, passed to the auth server as Gloo does. */
const JWT_METADATA = 'envoy.filters.http.jwt_authn';
/** Context extension naming the AuthConfig a route asks for. */
export const CONFIG_ID_KEY = 'config_id';
const EXT_AUTHZ_TYPE = typeUrl<ExtAuthzJson>('envoy.extensions.filters.http.ext_authz.v3.ExtAuthz');
const PER_ROUTE_TYPE = typeUrl<ExtAuthzPerRouteJson>('envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute');
/** Gloo's DefaultTimeout for auth requests. */
const DEFAULT_TIMEOUT = '0.200s';
/** Envoy's HttpService needs a URI though only its cluster is used (Gloo's HttpServerUri). */
const HTTP_SERVER_URI = 'http://not-used.example.com/';

function serverOf(policy: PolicyView | undefined) {
  return settingsServer(policy, policy?.settings?.extauth?.extauthzServerRef, 'extauth.extauthzServerRef');
}

function exact(list: readonly string[] | undefined): ListStringMatcherJson | undefined {
  return list?.length ? { patterns: list.map((e) => ({ exact: e })) } : undefined;
}

/** The ext_authz filter config for the auth server settings, talking to `cluster`. */
export function extAuthzConfig(s: ExtAuthSettings, cluster: string): ExtAuthzJson {
  const timeout = s.requestTimeout && !durationProblem('', s.requestTimeout) ? s.requestTimeout : DEFAULT_TIMEOUT;
  const out: ExtAuthzJson = { metadataContextNamespaces: [JWT_METADATA], transportApiVersion: 'V3' };
  const http = s.httpService;
  if (!http) {
    out.grpcService = { envoyGrpc: { clusterName: cluster, ...(s.grpcService?.authority ? { authority: s.grpcService.authority } : {}) }, timeout };
  } else {
    const req = http.request;
    const allowed = [...(exact(req?.allowedHeaders)?.patterns ?? []), ...(req?.allowedHeadersRegex ?? []).map((regex) => ({ safeRegex: { regex } }))];
    const res = http.response;
    out.httpService = {
      serverUri: { uri: HTTP_SERVER_URI, cluster, timeout },
      pathPrefix: (http.pathPrefix ?? '').replace(/\/$/, ''),
      ...(req ? { authorizationRequest: { allowedHeaders: { patterns: allowed }, ...(req.headersToAdd ? { headersToAdd: Object.entries(req.headersToAdd).map(([key, value]) => ({ key, value })) } : {}) } } : {}),
      ...(res ? { authorizationResponse: definedOnly({ allowedUpstreamHeaders: exact(res.allowedUpstreamHeaders), allowedClientHeaders: exact(res.allowedClientHeaders), allowedUpstreamHeadersToAppend: exact(res.allowedUpstreamHeadersToAppend) }) } : {}),
    };
  }
  if (s.failureModeAllow) out.failureModeAllow = true;
  if (s.requestBody) out.withRequestBody = { maxRequestBytes: s.requestBody.maxRequestBytes || 4096, ...(s.requestBody.allowPartialMessage ? { allowPartialMessage: true } : {}), ...(s.requestBody.packAsBytes ? { packAsBytes: true } : {}) };
  if (s.clearRouteCache) out.clearRouteCache = true;
  if (s.statPrefix) out.statPrefix = s.statPrefix;
  // A number is a valid proto3 JSON enum value; Envoy's StatusCode numbers are the HTTP statuses.
  if (s.statusOnError) out.statusOnError = { code: s.statusOnError as unknown as NonNullable<HttpStatusJson['code']> };
  return out;
}

function definedOnly<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The per-route config of an extauth option (Gloo's Generate*ExtAuthzConfig); undefined: inherit. A virtual host without auth is disabled. */
export function extAuthzPerRoute(e: ExtAuthExtensionJson, namespace: string, level: 'route' | 'virtualHost'): ExtAuthzPerRouteJson | undefined {
  if (e.disable) return { disabled: true };
  if (e.customAuth) return { checkSettings: { contextExtensions: { ...(e.customAuth.contextExtensions ?? {}) } } };
  if (e.configRef?.name) return { checkSettings: { contextExtensions: { [CONFIG_ID_KEY]: `${e.configRef.namespace || namespace}.${e.configRef.name}` } } };
  return level === 'virtualHost' ? { disabled: true } : undefined;
}

function checkExtension(e: ExtAuthExtensionJson, ctx: CheckContext): Issue[] {
  const at = `${ctx.field}.extauth`;
  const server = serverOf(ctx.policy);
  if ('problem' in server) return e.disable ? [] : [{ severity: 'warning', message: `${at} is not translated: ${server.problem}; the route is served without external auth` }];
  const issues: Issue[] = [];
  if (server.missing && !e.disable) issues.push({ severity: 'warning', message: `${at}: ${server.missing}; Envoy cannot reach the auth server and denies the request (403) unless failureModeAllow is set` });
  if (e.customAuth?.name) issues.push({ severity: 'warning', message: `${at}.customAuth.name "${e.customAuth.name}" names a server in Settings namedExtauth, which needs Gloo Enterprise; the default server (extauth.extauthzServerRef) is asked` });
  if (e.configRef?.name && !e.customAuth && !e.disable) {
    // Without a namespace the reference points at the route's own, which checks do not see.
    const key = e.configRef.namespace ? refKey(resolveRef('AuthConfig', e.configRef, '')) : undefined;
    const near = key && ctx.policy ? closestRef(key, ctx.policy.authConfigs) : undefined;
    const missing = key && !ctx.policy?.authConfigs.has(key) ? ` (not found${near ? `; did you mean ${near}?` : ''})` : '';
    issues.push({ severity: 'warning', message: `${at}.configRef: ${key ? describeKey(key) : `AuthConfig ${e.configRef.name}`}${missing} is enforced only by Gloo's external auth service; the ext_authz filter asks the server Settings names, with context extension ${CONFIG_ID_KEY}` });
  }
  return issues;
}

/** Whether Settings name an auth server the filter can be configured with. */
function configured(policy: PolicyView | undefined): boolean {
  return !('problem' in serverOf(policy));
}

/** The external auth plugin. */
export const extauthPlugin: Plugin = {
  name: 'extauth',
  routeOptions: ['extauth'],
  virtualHostOptions: ['extauth'],
  weightedDestinationOptions: ['extauth'],
  checkRoute: (o, _action, ctx) => (o.extauth ? checkExtension(o.extauth, ctx) : []),
  checkVirtualHost: (o, ctx) => (o.extauth ? checkExtension(o.extauth, ctx) : []),
  checkWeightedDestination: (o, ctx) => (o.extauth ? checkExtension(o.extauth, ctx) : []),
  route(o, out, ctx, route) {
    if (!o.extauth || !configured(ctx.view.policy)) return;
    const config = extAuthzPerRoute(o.extauth, sourceNamespace(route, ctx), 'route');
    if (!config) return;
    setPerFilterConfig(out, EXT_AUTHZ_FILTER, packAny(PER_ROUTE_TYPE, config));
    ctx.useFilter();
  },
  // GenerateWeightedDestinationExtAuthzConfig: as on a route; nothing set inherits.
  weightedDestination(o, out, ctx) {
    if (!o.extauth || !configured(ctx.view.policy)) return;
    const config = extAuthzPerRoute(o.extauth, sourceNamespace(ctx.virtualHost, ctx), 'route');
    if (!config) return;
    setPerFilterConfig(out, EXT_AUTHZ_FILTER, packAny(PER_ROUTE_TYPE, config));
    ctx.useFilter();
  },
  virtualHost(o, out, ctx) {
    if (!o.extauth || !configured(ctx.view.policy)) return;
    setPerFilterConfig(out, EXT_AUTHZ_FILTER, packAny(PER_ROUTE_TYPE, extAuthzPerRoute(o.extauth, sourceNamespace(ctx.virtualHost, ctx), 'virtualHost')!));
    ctx.useFilter();
  },
  httpFilters(_parts, ctx): StagedHttpFilter[] {
    const s = ctx.view.policy?.settings?.extauth;
    const server = serverOf(ctx.view.policy);
    if (!s || 'problem' in server) return [];
    // Off unless a route or virtual host enables it with its ExtAuthzPerRoute.
    return [{ stage: FilterStage.AuthN, filter: { name: EXT_AUTHZ_FILTER, typedConfig: packAny(EXT_AUTHZ_TYPE, extAuthzConfig(s, server.cluster)), disabled: true } }];
  },
};
