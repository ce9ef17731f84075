// RBAC onto Envoy's standard rbac filter, after Gloo Enterprise's RBAC API
// (api/v1/enterprise/options/rbac/rbac.proto): a route's or virtual host's policies become an
// RBACPerRoute allowing requests that match one policy; `disable` turns RBAC off there. A JWT
// principal matches the verified token's claims in the jwt_authn filter's dynamic metadata, where
// each JWT provider keeps its payload under its Gloo name (see the jwt plugin); a principal that
// names no provider matches a token from any provider of its virtual host or route. Permissions
// match the path prefix and the methods. The filter itself enforces nothing: only routes and virtual
// hosts with policies are checked. Settings `rbac.requireRbac` (deny where no policy is set) is not
// translated.
import type { ExtensionSettingsJson, JWTPrincipalJson, PolicyJson } from '../../../gen/gloo/api/v1/enterprise/options/rbac/rbac_pb';
import type { RBACJson as RbacFilter, RBACPerRouteJson } from '../../../gen/envoy/envoy/extensions/filters/http/rbac/v3/rbac_pb';
import type { PermissionJson, PolicyJson as EnvoyPolicy, PrincipalJson, RBACJson as RbacRules } from '../../../gen/envoy/envoy/config/rbac/v3/rbac_pb';
import type { ValueMatcherJson } from '../../../gen/envoy/envoy/type/matcher/v3/value_pb';
import type { RouteOptionsJson } from '../../../gen/gloo/api/v1/route_options_pb';
import type { VirtualHostOptionsJson } from '../../../gen/gloo/api/v1/virtual_host_options_pb';
import { packAny, typeUrl } from '../../../xds/envoy-any';
import type { Issue } from '../../served';
import { setPerFilterConfig } from '../per-filter-config';
import { FilterStage, type CheckContext, type Plugin } from '../plugin';
import { vhostStages } from '../jwt/jwt';

/** RBAC HTTP filter name. */
export const RBAC_FILTER = 'envoy.filters.http.rbac';
/** The metadata namespace the jwt_authn filter writes token payloads to. */
export const JWT_METADATA = 'envoy.filters.http.jwt_authn';
const RBAC_TYPE = typeUrl<RbacFilter>('envoy.extensions.filters.http.rbac.v3.RBAC');
const PER_ROUTE_TYPE = typeUrl<RBACPerRouteJson>('envoy.extensions.filters.http.rbac.v3.RBACPerRoute');

/** Gloo names of the JWT providers of virtual host options and, for a route, its own providers. */
export function jwtProviderNames(vhost: VirtualHostOptionsJson | undefined, route?: RouteOptionsJson): string[] {
  const p = route?.jwtProvidersStaged;
  const exts = [...Object.values(vhostStages(vhost)), p?.beforeExtAuth, p?.afterExtAuth];
  return [...new Set(exts.flatMap((e) => Object.keys(e?.providers ?? {})))].sort();
}

function claimValue(value: string, matcher: JWTPrincipalJson['matcher']): ValueMatcherJson {
  const m = matcher as unknown;
  if (m === 'BOOLEAN' || m === 1) return { boolMatch: value.toLowerCase() === 'true' };
  if (m === 'LIST_CONTAINS' || m === 2) return { listMatch: { oneOf: { stringMatch: { exact: value } } } };
  if (m === 'REGEX_MATCH' || m === 3) return { stringMatch: { safeRegex: { regex: value } } };
  return { stringMatch: { exact: value } };
}

/** Envoy's principal of a JWT principal; `providers` are the payload keys to look in when it names none. */
export function jwtPrincipal(p: JWTPrincipalJson, providers: readonly string[], delimiter: string | undefined): PrincipalJson {
  const keys = p.provider ? [p.provider] : providers;
  // No provider to read a payload from: a principal that never matches.
  if (!keys.length) return { notId: { any: true } };
  const perProvider = keys.map((key): PrincipalJson => {
    const claims = Object.entries(p.claims ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (!claims.length) return { metadata: { filter: JWT_METADATA, path: [{ key }], value: { presentMatch: true } } };
    const ids = claims.map(([claim, value]): PrincipalJson => {
      const path = [key, ...(delimiter ? claim.split(delimiter) : [claim])].map((k) => ({ key: k }));
      return { metadata: { filter: JWT_METADATA, path, value: claimValue(value, p.matcher) } };
    });
    return ids.length === 1 ? ids[0] : { andIds: { ids } };
  });
  return perProvider.length === 1 ? perProvider[0] : { orIds: { ids: perProvider } };
}

/** Envoy's permissions of a Gloo policy: its path prefix and methods, or any request. */
export function permissions(p: PolicyJson): PermissionJson[] {
  const rules: PermissionJson[] = [];
  if (p.permissions?.pathPrefix) rules.push({ urlPath: { path: { prefix: p.permissions.pathPrefix } } });
  const methods = p.permissions?.methods ?? [];
  if (methods.length) {
    const byMethod = methods.map((m): PermissionJson => ({ header: { name: ':method', stringMatch: { exact: m } } }));
    rules.push(byMethod.length === 1 ? byMethod[0] : { orRules: { rules: byMethod } });
  }
  if (!rules.length) return [{ any: true }];
  return rules.length === 1 ? rules : [{ andRules: { rules } }];
}

/** The RBAC rules of Gloo policies: allow a request one policy matches. */
export function rbacRules(policies: Readonly<Record<string, PolicyJson>>, providers: readonly string[]): RbacRules {
  const out: Record<string, EnvoyPolicy> = {};
  for (const [name, p] of Object.entries(policies).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const principals = (p.principals ?? []).map((x) => jwtPrincipal(x.jwtPrincipal ?? {}, providers, p.nestedClaimDelimiter || undefined));
    out[name] = { permissions: permissions(p), principals: principals.length ? principals : [{ any: true }] };
  }
  return { action: 'ALLOW', policies: out };
}

/** The per-route RBAC config of an extension: disabled, or its policies. */
export function rbacPerRoute(e: ExtensionSettingsJson, providers: readonly string[]): RBACPerRouteJson {
  return e.disable ? {} : { rbac: { rules: rbacRules(e.policies ?? {}, providers) } };
}

function checkExtension(e: ExtensionSettingsJson, ctx: CheckContext, providers: readonly string[] | undefined): Issue[] {
  const issues: Issue[] = [];
  if (e.disable) return issues;
  for (const [name, p] of Object.entries(e.policies ?? {})) {
    const at = `${ctx.field}.rbac.policies.${name}`;
    if (!p.principals?.length) issues.push({ severity: 'warning', message: `${at} has no principals, so it allows every request its permissions match` });
    (p.principals ?? []).forEach((x, i) => {
      if (!x.jwtPrincipal) issues.push({ severity: 'error', message: `${at}.principals[${i}] needs a jwtPrincipal` });
      const m = x.jwtPrincipal?.matcher as unknown;
      for (const [claim, value] of Object.entries(x.jwtPrincipal?.claims ?? {})) {
        const bad = m === 'REGEX_MATCH' || m === 3 ? ctx.regex(value) : undefined;
        if (bad) issues.push({ severity: 'error', message: `${at}.principals[${i}].jwtPrincipal.claims.${claim} invalid regex "${value}": ${bad}` });
        if ((m === 'BOOLEAN' || m === 1) && value !== 'true' && value !== 'false') issues.push({ severity: 'error', message: `${at}.principals[${i}].jwtPrincipal.claims.${claim}: a BOOLEAN claim matches "true" or "false", not "${value}"` });
      }
      if (providers && !x.jwtPrincipal?.provider && !providers.length) issues.push({ severity: 'warning', message: `${at}.principals[${i}] names no JWT provider and the virtual host has none, so it never matches; set jwt providers on the virtual host` });
      if (providers && x.jwtPrincipal?.provider && !providers.includes(x.jwtPrincipal.provider)) issues.push({ severity: 'warning', message: `${at}.principals[${i}].jwtPrincipal.provider "${x.jwtPrincipal.provider}" is not a JWT provider of the virtual host, so it never matches` });
    });
  }
  return issues;
}

/** The RBAC plugin. */
export const rbacPlugin: Plugin = {
  name: 'rbac',
  routeOptions: ['rbac'],
  virtualHostOptions: ['rbac'],
  // A route's checks do not see its virtual host's JWT providers; the virtual host's do.
  checkRoute: (o, _action, ctx) => (o.rbac ? checkExtension(o.rbac, ctx, undefined) : []),
  checkVirtualHost: (o, ctx) => (o.rbac ? checkExtension(o.rbac, ctx, jwtProviderNames(o)) : []),
  route(o, out, ctx) {
    if (!o.rbac) return;
    setPerFilterConfig(out, RBAC_FILTER, packAny(PER_ROUTE_TYPE, rbacPerRoute(o.rbac, jwtProviderNames(ctx.virtualHost?.options, o))));
    ctx.useFilter();
  },
  virtualHost(o, out, ctx) {
    if (!o.rbac) return;
    setPerFilterConfig(out, RBAC_FILTER, packAny(PER_ROUTE_TYPE, rbacPerRoute(o.rbac, jwtProviderNames(o))));
    ctx.useFilter();
  },
  // No rules: the filter enforces only the per-route policies.
  httpFilter: { stage: FilterStage.AuthZ, filter: { name: RBAC_FILTER, typedConfig: packAny(RBAC_TYPE, {}) } },
};
