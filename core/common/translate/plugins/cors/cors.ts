// CORS, after Gloo's cors plugin (projects/gloo/pkg/plugins/cors/plugin.go: ProcessRoute,
// ProcessVirtualHost, HttpFilters): the policy goes into typedPerFilterConfig of the route or
// virtual host, wrapped as an optional FilterConfig so proxyless gRPC clients, which lack the CORS
// filter, may ignore it (gRFC A39); the filter runs in Gloo's CORS stage.
import type { CorsPolicyJson } from '../../../gen/gloo/api/v1/options/cors/cors_pb';
import type { Issue } from '../../served';
import type { CheckContext, Plugin } from '../plugin';
import { FilterStage } from '../plugin';
import type { CorsJson, CorsPolicyJson as EnvoyCorsPolicy } from '../../../gen/envoy/envoy/extensions/filters/http/cors/v3/cors_pb';
import type { FilterConfigJson } from '../../../gen/envoy/envoy/config/route/v3/route_components_pb';
import { packAny, typeUrl } from '../../../xds/envoy-any';
import type { EnvoyAny } from '../envoy';
import { setPerFilterConfig } from '../per-filter-config';

/** CORS HTTP filter name. */
export const CORS_FILTER = 'envoy.filters.http.cors';
const CORS_TYPE = typeUrl<CorsJson>('envoy.extensions.filters.http.cors.v3.Cors');
const CORS_POLICY_TYPE = typeUrl<EnvoyCorsPolicy>('envoy.extensions.filters.http.cors.v3.CorsPolicy');
const FILTER_CONFIG_TYPE = typeUrl<FilterConfigJson>('envoy.config.route.v3.FilterConfig');

/** Envoy's CorsPolicy of a Gloo CORS policy: origins as exact or RE2 string matchers, lists joined with commas. */
export function corsPolicy(c: CorsPolicyJson): EnvoyCorsPolicy {
  const out: EnvoyCorsPolicy = {};
  const origins = [...(c.allowOrigin ?? []).map((exact) => ({ exact })), ...(c.allowOriginRegex ?? []).map((regex) => ({ safeRegex: { regex } }))];
  if (origins.length) out.allowOriginStringMatch = origins;
  if (c.allowMethods?.length) out.allowMethods = c.allowMethods.join(',');
  if (c.allowHeaders?.length) out.allowHeaders = c.allowHeaders.join(',');
  if (c.exposeHeaders?.length) out.exposeHeaders = c.exposeHeaders.join(',');
  if (c.maxAge) out.maxAge = c.maxAge;
  if (c.allowCredentials) out.allowCredentials = true;
  return out;
}

function optionalPolicy(c: CorsPolicyJson): EnvoyAny {
  return packAny(FILTER_CONFIG_TYPE, { config: packAny(CORS_POLICY_TYPE, corsPolicy(c)), isOptional: true });
}

function checkPolicy(c: CorsPolicyJson | undefined, ctx: CheckContext): Issue[] {
  const issues: Issue[] = [];
  for (const r of c?.allowOriginRegex ?? []) {
    const bad = ctx.regex(r);
    if (bad) issues.push({ severity: 'error', message: `${ctx.field}.cors.allowOriginRegex invalid regex "${r}": ${bad}` });
  }
  return issues;
}

/** The CORS plugin. */
export const corsPlugin: Plugin = {
  name: 'cors',
  routeOptions: ['cors'],
  virtualHostOptions: ['cors'],
  checkRoute: (o, _action, ctx) => checkPolicy(o.cors, ctx),
  checkVirtualHost: (o, ctx) => checkPolicy(o.cors, ctx),
  route(o, out, ctx) {
    if (!o.cors) return;
    setPerFilterConfig(out, CORS_FILTER, optionalPolicy(o.cors));
    ctx.useFilter();
  },
  virtualHost(o, out, ctx) {
    if (!o.cors) return;
    setPerFilterConfig(out, CORS_FILTER, optionalPolicy(o.cors));
    ctx.useFilter();
  },
  // Optional, so proxyless gRPC clients that lack the filter may ignore it (gRFC A39).
  httpFilter: { stage: FilterStage.Cors, filter: { name: CORS_FILTER, typedConfig: packAny(CORS_TYPE, {}), isOptional: true } },
};
