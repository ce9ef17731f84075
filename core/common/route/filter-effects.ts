// What each HTTP filter of the connection manager does for the matched route: whether it runs and, for
// the policy filters the translator writes (ext_authz, jwt_authn, rbac, ratelimit, csrf, fault, cors,
// aws_lambda), what it is set to do there. Envoy picks a filter's per-route config from the route, else the virtual
// host, else the route configuration (typed_per_filter_config); a filter marked `disabled` runs only
// where such a config exists, and a FilterConfig wrapper may disable it
// (https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/http/http_filters#route-based-filter-chain).
import type { AnyJson } from '@bufbuild/protobuf/wkt';
import type { FilterEffect } from './decision';
import { listOf, unwrap, type HttpConnectionManagerInput, type RouteConfigurationInput, type RouteInput, type VirtualHostInput, type Wrapped } from './envoy-input';

type Config = AnyJson & Record<string, unknown>;

const ROUTER = 'envoy.extensions.filters.http.router.v3.Router';

function typeOf(a: Config | undefined): string {
  const t = typeof a?.['@type'] === 'string' ? (a['@type'] as string) : '';
  return t.slice(t.lastIndexOf('/') + 1);
}

/** The HTTP filters of `hcm` as the route sees them; empty when it has none but the router. */
export function filterEffects(hcm: HttpConnectionManagerInput, rc: RouteConfigurationInput | undefined, vh: VirtualHostInput, route: RouteInput): FilterEffect[] {
  const out: FilterEffect[] = [];
  for (const f of listOf(hcm.httpFilters)) {
    const config = f.typedConfig as Config | undefined;
    if (typeOf(config) === ROUTER || f.name === 'envoy.filters.http.router') continue;
    const name = f.name ?? '';
    let per = (route.typedPerFilterConfig?.[name] ?? vh.typedPerFilterConfig?.[name] ?? rc?.typedPerFilterConfig?.[name]) as Config | undefined;
    if (typeOf(per) === 'envoy.config.route.v3.FilterConfig') {
      if (per?.disabled === true) {
        out.push({ name, runs: false, note: 'disabled for this route' });
        continue;
      }
      per = per?.config as Config | undefined;
    }
    if (!per && f.disabled) {
      out.push({ name, runs: false, note: 'off by default; neither the route nor its virtual host turns it on' });
      continue;
    }
    out.push({ name, ...effect(config, per, route, vh) });
  }
  return out;
}

function effect(config: Config | undefined, per: Config | undefined, route: RouteInput, vh: VirtualHostInput): Omit<FilterEffect, 'name'> {
  switch (typeOf(config)) {
    case 'envoy.extensions.filters.http.ext_authz.v3.ExtAuthz': {
      if (per?.disabled === true) return { runs: false, note: 'disabled for this route' };
      const ext = (per?.checkSettings as { contextExtensions?: Record<string, string> } | undefined)?.contextExtensions ?? {};
      const pairs = Object.entries(ext).map(([k, v]) => `${k}=${v}`);
      return { runs: true, note: `asks the auth server on cluster ${authCluster(config)}${pairs.length ? ` with ${pairs.join(', ')}` : ''}` };
    }
    case 'envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication': {
      if (per?.disabled === true) return { runs: false, note: 'disabled for this route' };
      const name = typeof per?.requirementName === 'string' ? per.requirementName : undefined;
      return name ? { runs: true, note: `requires a JWT (requirement ${name})` } : { runs: true, note: 'no requirement for this route: tokens are not checked' };
    }
    case 'envoy.extensions.filters.http.rbac.v3.RBAC': {
      if (per && !per.rbac) return { runs: false, note: 'disabled for this route' };
      const rules = ((per?.rbac as Config | undefined)?.rules ?? config?.rules) as { action?: string; policies?: Record<string, unknown> } | undefined;
      if (!rules) return { runs: true, note: 'no policy for this route: every request is allowed' };
      const names = Object.keys(rules.policies ?? {});
      return { runs: true, note: `${rules.action ?? 'ALLOW'}s requests matching ${names.length ? `policy ${names.join(', ')}` : 'no policy (so denies every request)'}` };
    }
    case 'envoy.extensions.filters.http.ratelimit.v3.RateLimit':
      return rateLimitEffect(config!, route, vh);
    case 'envoy.extensions.filters.http.csrf.v3.CsrfPolicy':
      return { runs: true, note: `checks the Origin of unsafe requests for ${percent((per ?? config)?.filterEnabled)} of them${(per ?? config)?.shadowEnabled ? ` (shadow: ${percent((per ?? config)?.shadowEnabled)})` : ''}` };
    case 'envoy.extensions.filters.http.fault.v3.HTTPFault':
      return per ? { runs: true, note: `injects ${[per.abort ? 'aborts' : '', per.delay ? 'delays' : ''].filter(Boolean).join(' and ') || 'nothing'}` } : { runs: true, note: 'no fault for this route' };
    case 'envoy.extensions.filters.http.aws_lambda.v3.Config':
      return lambdaEffect((per?.invokeConfig ?? config) as Config | undefined);
    case 'envoy.extensions.filters.http.cors.v3.Cors':
      return { runs: true, note: per ? 'applies a CORS policy' : 'no CORS policy for this route' };
    default:
      return { runs: true };
  }
}

/** The Lambda function a route invokes: the filter turns the request into a signed POST to the function's invocation path. */
function lambdaEffect(invoke: Config | undefined): Omit<FilterEffect, 'name'> {
  const arn = String(invoke?.arn ?? '');
  const mode = invoke?.invocationMode === 'ASYNCHRONOUS' ? ' asynchronously' : '';
  const payload = invoke?.payloadPassthrough === false ? ', the request wrapped in JSON and the JSON answer unwrapped' : '';
  return { runs: true, note: `invokes Lambda function ${arn}${mode}: signed POST /2015-03-31/functions/${arn}/invocations${payload}` };
}

function authCluster(config: Config | undefined): string {
  const grpc = config?.grpcService as { envoyGrpc?: { clusterName?: string } } | undefined;
  const http = config?.httpService as { serverUri?: { cluster?: string } } | undefined;
  return grpc?.envoyGrpc?.clusterName ?? http?.serverUri?.cluster ?? '(none)';
}

function percent(f: unknown): string {
  const d = (f as { defaultValue?: { numerator?: number; denominator?: string | number } } | undefined)?.defaultValue;
  const per = d?.denominator === 'MILLION' || d?.denominator === 2 ? 1_000_000 : d?.denominator === 'TEN_THOUSAND' || d?.denominator === 1 ? 10_000 : 100;
  return `${((d?.numerator ?? 0) / per) * 100}%`;
}

/** Envoy applies the route's rate limits of the filter's stage, and the virtual host's when the route has none or includes them. */
function rateLimitEffect(config: Config, route: RouteInput, vh: VirtualHostInput): Omit<FilterEffect, 'name'> {
  const stage = typeof config.stage === 'number' ? config.stage : 0;
  const own = listOf(route.route?.rateLimits);
  const withVh = own.length === 0 || unwrap(route.route?.includeVhRateLimits as Wrapped<boolean> | undefined) === true;
  const all = [...own, ...(withVh ? listOf(vh.rateLimits) : [])];
  const n = all.filter((l) => (unwrap(l.stage as Wrapped<number> | undefined) ?? 0) === stage).length;
  const cluster = ((config.rateLimitService as Config | undefined)?.grpcService as { envoyGrpc?: { clusterName?: string } } | undefined)?.envoyGrpc?.clusterName ?? '(none)';
  return n ? { runs: true, note: `sends ${n} descriptor${n === 1 ? '' : 's'} in domain ${String(config.domain ?? '')} to cluster ${cluster}` } : { runs: true, note: 'no rate limit of its stage for this route' };
}
