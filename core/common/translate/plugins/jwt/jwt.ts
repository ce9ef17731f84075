// JWT verification onto Envoy's standard jwt_authn filter, after Gloo Enterprise's JWT API
// (api/v1/enterprise/options/jwt/jwt.proto): a virtual host's providers become Envoy providers named
// `<virtual host>_<provider>` and one requirement named after the virtual host (any provider; missing
// or failed tokens allowed as the validation policy says), which the virtual host selects with a
// PerRouteConfig; a route may disable it or bring providers of its own (`jwtProvidersStaged`).
// `jwtStaged.beforeExtAuth` runs in a filter before ext_authz, `afterExtAuth` (and the deprecated
// `jwt`) in one after it. Each provider's payload is kept in metadata under its Gloo name, where the
// RBAC plugin's JWT principals look. A remote key set is fetched from the cluster of its Upstream.
import type { JwtStagedRouteExtensionJson, JwtStagedRouteProvidersExtensionJson, JwtStagedVhostExtensionJson, ProviderJson, RouteExtensionJson, VhostExtensionJson } from '../../../gen/gloo/api/v1/enterprise/options/jwt/jwt_pb';
import type { JwtAuthenticationJson, JwtProviderJson, JwtRequirementJson, PerRouteConfigJson } from '../../../gen/envoy/envoy/extensions/filters/http/jwt_authn/v3/config_pb';
import type { RouteOptionsJson } from '../../../gen/gloo/api/v1/route_options_pb';
import type { VirtualHostOptionsJson } from '../../../gen/gloo/api/v1/virtual_host_options_pb';
import { packAny, typeUrl } from '../../../xds/envoy-any';
import { durationProblem } from '../../durations';
import { clusterNameOfRef } from '../../names';
import type { Issue } from '../../served';
import { sourceNamespace } from '../option-namespace';
import { setPerFilterConfig } from '../per-filter-config';
import { FilterStage, type CheckContext, type FilterPart, type HookContext, type Plugin } from '../plugin';
import type { EnvoyRoute, EnvoyVirtualHost } from '../envoy';
import { localJwks } from './jwks';

/** The two JWT filter stages: before and after external auth. */
export type JwtStage = 'before' | 'after';
/** Filter name of each stage; dynamic metadata is written under `envoy.filters.http.jwt_authn` by both. */
export const JWT_FILTERS: Readonly<Record<JwtStage, string>> = { before: 'envoy.filters.http.jwt_authn.before_ext_auth', after: 'envoy.filters.http.jwt_authn' };
const JWT_TYPE = typeUrl<JwtAuthenticationJson>('envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication');
const PER_ROUTE_TYPE = typeUrl<PerRouteConfigJson>('envoy.extensions.filters.http.jwt_authn.v3.PerRouteConfig');
/** Timeout of a remote key set fetch. */
const JWKS_FETCH_TIMEOUT = '5s';

/** What a virtual host or route gives a JWT filter: its providers and its requirement. */
export interface JwtPart {
  readonly stage: JwtStage;
  readonly providers: Record<string, JwtProviderJson>;
  readonly requirements: Record<string, JwtRequirementJson>;
}

/** The per-stage virtual host extensions of virtual host options (`jwt` is the after-ext-auth stage). */
export function vhostStages(o: VirtualHostOptionsJson | undefined): Partial<Record<JwtStage, VhostExtensionJson>> {
  const staged: JwtStagedVhostExtensionJson | undefined = o?.jwtStaged;
  return { ...(staged?.beforeExtAuth ? { before: staged.beforeExtAuth } : {}), ...(staged?.afterExtAuth ?? o?.jwt ? { after: staged?.afterExtAuth ?? o?.jwt } : {}) };
}

function routeStages(o: RouteOptionsJson): { disable: Partial<Record<JwtStage, RouteExtensionJson>>; providers: Partial<Record<JwtStage, VhostExtensionJson>> } {
  const s: JwtStagedRouteExtensionJson | undefined = o.jwtStaged;
  const p: JwtStagedRouteProvidersExtensionJson | undefined = o.jwtProvidersStaged;
  return {
    disable: { ...(s?.beforeExtAuth ? { before: s.beforeExtAuth } : {}), ...(s?.afterExtAuth ?? o.jwt ? { after: s?.afterExtAuth ?? o.jwt } : {}) },
    providers: { ...(p?.beforeExtAuth ? { before: p.beforeExtAuth } : {}), ...(p?.afterExtAuth ? { after: p.afterExtAuth } : {}) },
  };
}

/** Envoy's provider of a Gloo provider named `name`; remote key sets use the cluster of their Upstream (default namespace `namespace`). */
export function jwtProvider(name: string, p: ProviderJson, namespace: string): JwtProviderJson {
  const out: JwtProviderJson = { payloadInMetadata: name };
  if (p.issuer) out.issuer = p.issuer;
  if (p.audiences?.length) out.audiences = [...p.audiences];
  const local = p.jwks?.local?.key !== undefined ? localJwks(p.jwks.local.key) : undefined;
  if (local && 'jwks' in local) out.localJwks = { inlineString: local.jwks };
  const remote = p.jwks?.remote;
  if (remote) {
    out.remoteJwks = { httpUri: { uri: remote.url ?? '', cluster: clusterNameOfRef(remote.upstreamRef, namespace), timeout: JWKS_FETCH_TIMEOUT } };
    if (remote.cacheDuration) out.remoteJwks.cacheDuration = remote.cacheDuration;
    if (remote.asyncFetch) out.remoteJwks.asyncFetch = { ...remote.asyncFetch };
  }
  if (p.keepToken) out.forward = true;
  if (p.tokenSource?.headers?.length) out.fromHeaders = p.tokenSource.headers.map((h) => ({ name: h.header ?? '', ...(h.prefix ? { valuePrefix: h.prefix } : {}) }));
  if (p.tokenSource?.queryParams?.length) out.fromParams = [...p.tokenSource.queryParams];
  if (p.claimsToHeaders?.length) out.claimToHeaders = p.claimsToHeaders.map((c) => ({ headerName: c.header ?? '', claimName: c.claim ?? '' }));
  if (p.clockSkewSeconds !== undefined) out.clockSkewSeconds = p.clockSkewSeconds;
  if (p.attachFailedStatusToMetadata) out.failedStatusInMetadata = p.attachFailedStatusToMetadata;
  return out;
}

/** The requirement of a virtual host extension whose providers have the Envoy names `names`: any of them, allowing missing or failed tokens as its policy says. */
export function requirementOf(ext: VhostExtensionJson, names: readonly string[]): JwtRequirementJson {
  const any: JwtRequirementJson[] = names.map((providerName) => ({ providerName }));
  const policy = ext.allowMissingOrFailedJwt ? 'ALLOW_MISSING_OR_FAILED' : (ext.validationPolicy as unknown);
  if (policy === 'ALLOW_MISSING_OR_FAILED' || policy === 2) any.push({ allowMissingOrFailed: {} });
  else if (policy === 'ALLOW_MISSING' || policy === 1) any.push({ allowMissing: {} });
  return any.length === 1 ? any[0] : { requiresAny: { requirements: any } };
}

/** The part of one stage's extension owned by `owner` (a virtual host or route name): providers `<owner>_<name>` and the requirement `<owner>`. */
export function partOf(stage: JwtStage, ext: VhostExtensionJson, owner: string, namespace: string): JwtPart | undefined {
  const entries = Object.entries(ext.providers ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (!entries.length) return undefined;
  const providers = Object.fromEntries(entries.map(([name, p]) => [`${owner}_${name}`, jwtProvider(name, p, namespace)]));
  return { stage, providers, requirements: { [owner]: requirementOf(ext, Object.keys(providers)) } };
}

function select(out: EnvoyRoute | EnvoyVirtualHost, part: JwtPart, owner: string, ctx: HookContext): void {
  setPerFilterConfig(out, JWT_FILTERS[part.stage], packAny(PER_ROUTE_TYPE, { requirementName: owner }));
  ctx.useFilter(part as unknown as FilterPart);
}

function checkExtension(ext: VhostExtensionJson, at: string): Issue[] {
  const issues: Issue[] = [];
  for (const [name, p] of Object.entries(ext.providers ?? {})) {
    const pat = `${at}.providers.${name}`;
    const problem = (message: string): void => void issues.push({ severity: 'error', message: `${pat}${message}` });
    if (!p.jwks?.local && !p.jwks?.remote) problem('.jwks needs local or remote keys');
    const local = p.jwks?.local?.key !== undefined ? localJwks(p.jwks.local.key) : undefined;
    if (local && 'problem' in local) problem(`.jwks.local.key ${local.problem}`);
    if (p.jwks?.remote && !p.jwks.remote.url) problem('.jwks.remote.url is required');
    if (p.jwks?.remote && !p.jwks.remote.upstreamRef?.name) problem('.jwks.remote.upstreamRef is required: name the Upstream that serves the key set');
    const bad = durationProblem(`${pat}.jwks.remote.cacheDuration`, p.jwks?.remote?.cacheDuration);
    if (bad) problem(bad.slice(pat.length));
    (p.claimsToHeaders ?? []).forEach((c, i) => {
      if (!c.claim || !c.header) problem(`.claimsToHeaders[${i}] needs claim and header`);
      else if (c.append) issues.push({ severity: 'warning', message: `${pat}.claimsToHeaders[${i}].append is not translated: Envoy's claim_to_headers sets the header, replacing a value the request brought` });
    });
    (p.tokenSource?.headers ?? []).forEach((h, i) => {
      if (!h.header) problem(`.tokenSource.headers[${i}].header is required`);
    });
  }
  return issues;
}

function checkVirtualHost(o: VirtualHostOptionsJson, ctx: CheckContext): Issue[] {
  const stages = vhostStages(o);
  const issues: Issue[] = [];
  if (o.jwt && o.jwtStaged?.afterExtAuth) issues.push({ severity: 'warning', message: `${ctx.field}.jwt is ignored: jwtStaged.afterExtAuth is set and replaces it` });
  if (stages.before) issues.push(...checkExtension(stages.before, `${ctx.field}.jwtStaged.beforeExtAuth`));
  if (stages.after) issues.push(...checkExtension(stages.after, `${ctx.field}.${o.jwtStaged?.afterExtAuth ? 'jwtStaged.afterExtAuth' : 'jwt'}`));
  return issues;
}

function checkRoute(o: RouteOptionsJson, ctx: CheckContext): Issue[] {
  const p = o.jwtProvidersStaged;
  return [
    ...(p?.beforeExtAuth ? checkExtension(p.beforeExtAuth, `${ctx.field}.jwtProvidersStaged.beforeExtAuth`) : []),
    ...(p?.afterExtAuth ? checkExtension(p.afterExtAuth, `${ctx.field}.jwtProvidersStaged.afterExtAuth`) : []),
  ];
}

/** The JWT plugin. */
export const jwtPlugin: Plugin = {
  name: 'jwt',
  routeOptions: ['jwt', 'jwtStaged', 'jwtProvidersStaged'],
  virtualHostOptions: ['jwt', 'jwtStaged'],
  checkRoute: (o, _action, ctx) => checkRoute(o, ctx),
  checkVirtualHost,
  route(o, out, ctx, route) {
    const { disable, providers } = routeStages(o);
    // The matchers of one Gloo route share its requirement, named without the matcher suffix.
    const owner = (out.name ?? '').replace(/-matcher-\d+$/, '');
    const vhost = vhostStages(ctx.virtualHost?.options);
    for (const stage of ['before', 'after'] as const) {
      const own = providers[stage] ? partOf(stage, providers[stage], owner, sourceNamespace(route, ctx)) : undefined;
      if (disable[stage]?.disable && (own || vhost[stage])) {
        setPerFilterConfig(out, JWT_FILTERS[stage], packAny(PER_ROUTE_TYPE, { disabled: true }));
        ctx.useFilter();
      } else if (own) select(out, own, owner, ctx);
    }
  },
  virtualHost(o, out, ctx) {
    const owner = out.name ?? '';
    for (const [stage, ext] of Object.entries(vhostStages(o)) as [JwtStage, VhostExtensionJson][]) {
      const part = partOf(stage, ext, owner, sourceNamespace(ctx.virtualHost, ctx));
      if (part) select(out, part, owner, ctx);
    }
  },
  httpFilters(parts) {
    const byStage: Record<JwtStage, JwtAuthenticationJson> = { before: {}, after: {} };
    const used = new Set<JwtStage>();
    for (const raw of parts) {
      const part = raw as unknown as JwtPart;
      used.add(part.stage);
      const config = byStage[part.stage];
      config.providers = { ...config.providers, ...part.providers };
      config.requirementMap = { ...config.requirementMap, ...part.requirements };
    }
    return (['before', 'after'] as const)
      .filter((s) => used.has(s))
      .map((s) => ({ stage: FilterStage.AuthN, weight: s === 'before' ? (-1 as const) : (1 as const), filter: { name: JWT_FILTERS[s], typedConfig: packAny(JWT_TYPE, byStage[s]) } }));
  },
};
