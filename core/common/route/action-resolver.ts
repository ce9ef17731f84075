// What a matched route does: forward to clusters (with path and host rewrites), redirect (with the
// Location Envoy builds) or answer directly. Envoy references:
//   RouteAction   https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/route/v3/route_components.proto#config-route-v3-routeaction
//   RedirectAction https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/route/v3/route_components.proto#config-route-v3-redirectaction
import { upstreamFromClusterName, type Destination, type Mirror, type RetrySummary, type RouteDecisionAction } from './decision';
import type { DirectResponseActionJson, RetryPolicyJson, RouteAction_HashPolicyJson } from '../gen/envoy/envoy/config/route/v3/route_components_pb';
import { listOf, unwrap, type RedirectActionInput, type RouteActionInput, type RouteInput, type Wrapped } from './envoy-input';
import { pathOnly, type RequestView } from './request';
import { warn, type MatchContext } from './route-matcher';

/** Matching context plus what the snapshot's clusters tell: whether one exists, and the host name of a DNS cluster's first endpoint. */
export interface ActionContext extends MatchContext {
  readonly clusterExists: (name: string) => boolean;
  readonly dnsHostOf?: (cluster: string) => string | undefined;
  /** The retry policy of the matched route's virtual host, used when the route has none. */
  readonly virtualHostRetryPolicy?: RetryPolicyJson;
}

/** The action of a matched route; `matchedPath` is what `prefix_rewrite` replaces (see route-matcher). */
export function resolveAction(route: RouteInput, matchedPath: string, req: RequestView, ctx: ActionContext): RouteDecisionAction {
  if (route.redirect) {
    return { type: 'redirect', redirect: { location: redirectLocation(route.redirect, matchedPath, req, ctx), status: redirectStatus(route.redirect.responseCode) } };
  }
  if (route.directResponse) return { type: 'directResponse', directResponse: directResponse(route.directResponse) };
  if (route.route) return forward(route.route, matchedPath, req, ctx);
  return { type: 'unsupported', note: 'the route has no route, redirect or direct_response action the simulator knows' };
}

function forward(action: RouteActionInput, matchedPath: string, req: RequestView, ctx: ActionContext): RouteDecisionAction {
  const destinations = destinationsOf(action, req, ctx);
  const pathAfterRewrite = rewritePath(req.pathWithQuery, matchedPath, action.prefixRewrite, action.regexRewrite, ctx) ?? req.pathWithQuery;
  const host = action.hostRewriteLiteral || (action.hostRewriteHeader ? req.headers.get(action.hostRewriteHeader.toLowerCase()) : undefined) || autoHost(action, destinations, ctx);
  const mirrors = listOf(action.requestMirrorPolicies).map((m) => mirror(m, ctx));
  const retries = retrySummary(action.retryPolicy, 'route') ?? retrySummary(ctx.virtualHostRetryPolicy, 'virtualHost');
  const hashOn = listOf(action.hashPolicy).map(hashKey);
  return {
    type: 'forward',
    destinations,
    pathAfterRewrite,
    ...(host ? { hostAfterRewrite: host } : {}),
    ...(action.clusterHeader ? { clusterHeader: action.clusterHeader } : {}),
    ...(mirrors.length ? { mirrors } : {}),
    ...(retries ? { retries } : {}),
    ...(hashOn.length ? { hashOn } : {}),
  };
}

/** A request mirror policy: its cluster and share; a runtime fraction's default value counts (per HUNDRED, TEN_THOUSAND or MILLION), 100% when unset. */
function mirror(m: NonNullable<RouteActionInput['requestMirrorPolicies']>[number], ctx: ActionContext): Mirror {
  const cluster = m.cluster ?? '';
  const upstream = upstreamFromClusterName(cluster);
  const f = m.runtimeFraction?.defaultValue;
  const per = f?.denominator === 'MILLION' || (f?.denominator as unknown) === 2 ? 1_000_000 : f?.denominator === 'TEN_THOUSAND' || (f?.denominator as unknown) === 1 ? 10_000 : 100;
  const percent = m.runtimeFraction ? Math.min(100, ((f?.numerator ?? 0) / per) * 100) : 100;
  return { ...(upstream ? { upstream } : {}), cluster, percent, ...(ctx.clusterExists(cluster) ? {} : { missing: true as const }) };
}

/** The retry summary of a retry policy (RetryPolicy: num_retries defaults to 1). */
function retrySummary(p: RetryPolicyJson | undefined, from: RetrySummary['from']): RetrySummary | undefined {
  if (!p) return undefined;
  return {
    ...(p.retryOn ? { retryOn: p.retryOn } : {}),
    numRetries: unwrap(p.numRetries as Wrapped<number> | undefined) ?? 1,
    ...(p.perTryTimeout ? { perTryTimeout: p.perTryTimeout } : {}),
    ...(p.retryBackOff ? { backOff: { baseInterval: p.retryBackOff.baseInterval ?? '', ...(p.retryBackOff.maxInterval ? { maxInterval: p.retryBackOff.maxInterval } : {}) } } : {}),
    ...(p.retriableStatusCodes?.length ? { retriableStatusCodes: [...p.retriableStatusCodes] } : {}),
    from,
  };
}

/** What one hash policy hashes. */
function hashKey(h: RouteAction_HashPolicyJson): string {
  if (h.header) return `header ${h.header.headerName ?? ''}`;
  if (h.cookie) return `cookie ${h.cookie.name ?? ''}`;
  if (h.connectionProperties?.sourceIp) return 'source IP';
  if (h.queryParameter) return `query parameter ${h.queryParameter.name ?? ''}`;
  if (h.filterState) return `filter state ${h.filterState.key ?? ''}`;
  return 'nothing the simulator knows';
}

/** auto_host_rewrite: Envoy sets Host to the chosen endpoint's host name, which only DNS clusters have (the first destination's first endpoint here). */
function autoHost(action: RouteActionInput, destinations: readonly Destination[], ctx: ActionContext): string | undefined {
  if (unwrap(action.autoHostRewrite) !== true || !destinations.length) return undefined;
  return ctx.dnsHostOf?.(destinations[0].cluster);
}

function destinationsOf(action: RouteActionInput, req: RequestView, ctx: ActionContext): Destination[] {
  if (typeof action.cluster === 'string') return [destination(action.cluster, 1, ctx)];
  if (action.weightedClusters) {
    return listOf(action.weightedClusters.clusters).map((c) => destination(c.name ?? '', unwrap(c.weight) ?? 0, ctx));
  }
  if (action.clusterHeader) {
    // Envoy reads the cluster name from the header; without the header the request gets a 404.
    const name = req.headers.get(action.clusterHeader.toLowerCase());
    return name ? [destination(name, 1, ctx)] : [];
  }
  warn(ctx, 'the route action names no cluster, weighted_clusters or cluster_header the simulator can read');
  return [];
}

function destination(cluster: string, weight: number, ctx: ActionContext): Destination {
  const upstream = upstreamFromClusterName(cluster);
  return { ...(upstream ? { upstream } : {}), cluster, weight, ...(ctx.clusterExists(cluster) ? {} : { missing: true as const }) };
}

/**
 * The :path after `prefix_rewrite` (replaces the matched prefix, or the whole path for path and regex
 * routes; the query is kept) or `regex_rewrite` (every match in the path without query replaced);
 * undefined when neither applies or the regex result is empty (Envoy then leaves the path alone).
 */
export function rewritePath(
  pathWithQuery: string,
  matchedPath: string,
  prefixRewrite: string | undefined,
  regexRewrite: RouteActionInput['regexRewrite'],
  ctx: MatchContext,
): string | undefined {
  if (prefixRewrite) {
    if (!pathWithQuery.toLowerCase().startsWith(matchedPath.toLowerCase())) return undefined;
    return prefixRewrite + pathWithQuery.slice(matchedPath.length);
  }
  if (regexRewrite?.pattern) {
    const only = pathOnly(pathWithQuery);
    let replaced: string;
    try {
      replaced = ctx.regex.replaceAll(regexRewrite.pattern.regex ?? '', only, regexRewrite.substitution ?? '');
    } catch (e) {
      warn(ctx, `regex_rewrite ${JSON.stringify(regexRewrite.pattern.regex)} could not be compiled (${(e as Error).message}): path left as is`);
      return undefined;
    }
    return replaced === '' ? undefined : replaced + pathWithQuery.slice(only.length);
  }
  return undefined;
}

const REDIRECT_CODES: Record<string, number> = {
  MOVED_PERMANENTLY: 301,
  FOUND: 302,
  SEE_OTHER: 303,
  TEMPORARY_REDIRECT: 307,
  PERMANENT_REDIRECT: 308,
};
const REDIRECT_CODES_BY_NUMBER = [301, 302, 303, 307, 308];

/** The HTTP status of a RedirectAction.response_code (enum name or number); 301 when unset. */
export function redirectStatus(code: string | number | undefined): number {
  if (typeof code === 'number') return REDIRECT_CODES_BY_NUMBER[code] ?? 301;
  return (code && REDIRECT_CODES[code]) || 301;
}

/**
 * The Location header Envoy sends (Http::Utility::newUri): scheme from scheme_redirect, https_redirect
 * or the request; host from host_redirect or the Host header, dropping its port when port_redirect is
 * set or when the scheme changes away from a default port (:80 for http, :443 for https); path from
 * path_redirect (keeping the request's query unless path_redirect has one), else the request path
 * after prefix_rewrite / regex_rewrite; the query is dropped with strip_query (not from path_redirect).
 */
export function redirectLocation(r: RedirectActionInput, matchedPath: string, req: RequestView, ctx: MatchContext): string {
  const scheme = r.schemeRedirect || (r.httpsRedirect ? 'https' : req.scheme);
  const port = r.portRedirect ? `:${r.portRedirect}` : '';
  const host = r.hostRedirect || requestHostFor(req, scheme, port);
  const pathRedirectHasQuery = typeof r.pathRedirect === 'string' && r.pathRedirect.includes('?');
  let path: string;
  if (r.pathRedirect) {
    const q = req.pathWithQuery.indexOf('?');
    path = pathRedirectHasQuery || q < 0 ? r.pathRedirect : r.pathRedirect + req.pathWithQuery.slice(q);
  } else {
    path = rewritePath(req.pathWithQuery, matchedPath, r.prefixRewrite, r.regexRewrite, ctx) ?? req.pathWithQuery;
  }
  if (!path.startsWith('/')) path = '/' + path;
  if (!pathRedirectHasQuery && r.stripQuery) {
    const q = path.indexOf('?');
    if (q >= 0) path = path.slice(0, q);
  }
  return `${scheme}://${host}${port}${path}`;
}

/** The request's host for a redirect, without its port when a new port is set or the scheme leaves that scheme's default port. */
function requestHostFor(req: RequestView, newScheme: string, newPort: string): string {
  const host = req.host;
  if (host === '') return host;
  // IPv6 literals ([::1]:8080) carry their port after the closing bracket.
  const bracket = host.lastIndexOf(']:');
  const end = host.startsWith('[') ? (bracket < 0 ? -1 : bracket + 1) : host.lastIndexOf(':');
  if (end < 0) return host;
  const requestPort = host.slice(end);
  const proto = req.forwardedProto;
  let removePort = newPort !== '';
  if (newScheme !== proto) {
    removePort ||= proto === 'https' && requestPort === ':443';
    removePort ||= proto === 'http' && requestPort === ':80';
  }
  return removePort ? host.slice(0, end) : host;
}

function directResponse(d: DirectResponseActionJson): { status: number; body?: string; bodyFile?: string } {
  const status = d.status ?? 200;
  const b = d.body;
  if (!b) return { status };
  if (typeof b.inlineBytes === 'string' && b.inlineBytes !== '') return { status, body: decodeBase64(b.inlineBytes) };
  if (typeof b.inlineString === 'string') return { status, body: b.inlineString };
  if (typeof b.filename === 'string') return { status, bodyFile: b.filename };
  return { status };
}

function decodeBase64(b64: string): string {
  try {
    const bin = atob(b64);
    return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return b64;
  }
}
