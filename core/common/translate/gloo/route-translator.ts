// Gloo matchers and actions → Envoy RouteMatch and route/redirect/direct_response actions.
import type { HeaderMatcherJson, MatcherJson, QueryParameterMatcherJson } from '../../gen/gloo/api/v1/core/matchers/matchers_pb';
import type { RouteJson as ProxyRoute } from '../../gen/gloo/api/v1/proxy_pb';
import type { DestinationJson, RedirectActionJson, RouteActionJson, WeightedDestinationJson } from '../../gen/gloo/api/v1/proxy_pb';
import { clusterNameOfRef } from '../names';
import { destinationUpstreamRef } from '../route-validator';
import type {
  HeaderMatcherJson as EnvoyHeaderMatcher,
  QueryParameterMatcherJson as EnvoyQueryMatcher,
  RedirectActionJson as EnvoyRedirect,
  RouteActionJson as EnvoyRouteAction,
  RouteJson as EnvoyRoute,
  RouteMatchJson,
} from '../../gen/envoy/envoy/config/route/v3/route_components_pb';
import { kubeServiceRef, refProblem, type GlooView } from './gloo-objects';
import { refKey, resolveRef } from '../../model/resource';

const REDIRECT_CODES = ['MOVED_PERMANENTLY', 'FOUND', 'SEE_OTHER', 'TEMPORARY_REDIRECT', 'PERMANENT_REDIRECT'] as const;

/** Envoy RouteMatch of a Gloo matcher: prefix / path / safeRegex, case sensitivity, headers (methods as a `:method` header), query parameters. */
export function routeMatch(m: MatcherJson): RouteMatchJson {
  // The path test as pathOf reads it (a matcher without one is the prefix `/`), without its intermediate object.
  const out: RouteMatchJson = m.exact !== undefined ? { path: m.exact } : m.regex !== undefined ? { safeRegex: { regex: m.regex } } : { prefix: m.prefix ?? '/' };
  if (m.caseSensitive !== undefined && m.caseSensitive !== null) out.caseSensitive = m.caseSensitive;
  if (m.headers?.length || m.methods?.length) {
    const headers = (m.headers ?? []).map(headerMatcher);
    const method = methodMatcher(m.methods);
    if (method) headers.push(method);
    out.headers = headers;
  }
  if (m.queryParameters?.length) out.queryParameters = m.queryParameters.map(queryMatcher);
  return out;
}

function headerMatcher(h: HeaderMatcherJson): EnvoyHeaderMatcher {
  const out: EnvoyHeaderMatcher = { name: h.name ?? '' };
  if (!h.value) out.presentMatch = true;
  else out.stringMatch = h.regex ? { safeRegex: { regex: h.value } } : { exact: h.value };
  if (h.invertMatch) out.invertMatch = true;
  return out;
}

function queryMatcher(q: QueryParameterMatcherJson): EnvoyQueryMatcher {
  const out: EnvoyQueryMatcher = { name: q.name ?? '' };
  if (!q.value) out.presentMatch = true;
  else out.stringMatch = q.regex ? { safeRegex: { regex: q.value } } : { exact: q.value };
  return out;
}

function methodMatcher(methods: string[] | undefined): EnvoyHeaderMatcher | undefined {
  if (!methods?.length) return undefined;
  if (methods.length === 1) return { name: ':method', stringMatch: { exact: methods[0] } };
  return { name: ':method', stringMatch: { safeRegex: { regex: `^(${methods.join('|')})$` } } };
}

/** The action fields of an Envoy route. */
export type RouteActionFields = Pick<EnvoyRoute, 'route' | 'redirect' | 'directResponse'>;

/** Sets the action of an Envoy route (`route`, `redirect` or `directResponse`); the upstream groups and Kubernetes Services it resolved are reported to `onDep`. */
export function setRouteAction(out: RouteActionFields, route: ProxyRoute, view: GlooView, namespace: string, onDep: (key: string) => void): void {
  if (route.redirectAction) out.redirect = redirect(route.redirectAction);
  else if (route.directResponseAction) {
    const d = route.directResponseAction;
    out.directResponse = d.body ? { status: d.status ?? 0, body: { inlineString: d.body } } : { status: d.status ?? 0 };
  } else {
    const value = destination(route.routeAction ?? {}, view, namespace, onDep);
    if (typeof value === 'string') out.directResponse = { status: 503, body: { inlineString: value } };
    else out.route = value;
  }
}

/** The cluster part of a RouteAction, or why there is none. */
function destination(a: RouteActionJson, view: GlooView, namespace: string, onDep: (key: string) => void): EnvoyRouteAction | string {
  if (a.single) return { cluster: clusterOf(a.single, view, namespace, onDep) };
  if (a.multi) return weighted(a.multi.destinations ?? [], view, namespace, onDep);
  if (a.upstreamGroup) {
    const key = refKey(resolveRef('UpstreamGroup', a.upstreamGroup, namespace));
    onDep(key);
    const g = view.groups.get(key);
    if (!g) return refProblem(view, 'UpstreamGroup', key) ?? `${key} is not served`;
    return weighted(g.resource.spec.destinations ?? [], view, g.resource.metadata.namespace, onDep);
  }
  // setRouteAction (projects/gloo/pkg/translator/route_config.go): the cluster is named by a request header.
  if (a.clusterHeader) return { clusterHeader: a.clusterHeader };
  return a.dynamicForwardProxy ? "the dynamic forward proxy's generated cluster is not served" : 'route has no destination';
}

/** The cluster of a destination; a Kubernetes Service's is the cluster of the kube Upstream standing in for it, when there is one. */
function clusterOf(d: DestinationJson | undefined, view: GlooView, namespace: string, onDep: (key: string) => void): string {
  if (d?.kube) {
    const ns = d.kube.ref?.namespace || namespace;
    onDep(refKey(resolveRef('Upstream', kubeServiceRef(ns, d.kube.ref?.name ?? '', d.kube.port ?? 0), ns)));
  }
  return clusterNameOfRef(destinationUpstreamRef(d, namespace, view), namespace);
}

/** weightedClusters of weighted destinations; Envoy (since 1.24) and gRPC clients sum the weights, so no total is given. */
function weighted(dests: readonly WeightedDestinationJson[], view: GlooView, namespace: string, onDep: (key: string) => void): EnvoyRouteAction {
  return { weightedClusters: { clusters: dests.map((d) => ({ name: clusterOf(d.destination, view, namespace, onDep), weight: d.weight ?? 0 })) } };
}

function redirect(r: RedirectActionJson): EnvoyRedirect {
  const out: EnvoyRedirect = {};
  if (r.hostRedirect) out.hostRedirect = r.hostRedirect;
  if (r.pathRedirect !== undefined) out.pathRedirect = r.pathRedirect;
  if (r.prefixRewrite !== undefined) out.prefixRewrite = r.prefixRewrite;
  const raw = r.responseCode as unknown;
  const code = typeof raw === 'number' ? REDIRECT_CODES[raw] : (raw as EnvoyRedirect['responseCode']);
  out.responseCode = code ?? 'MOVED_PERMANENTLY';
  if (r.httpsRedirect) out.schemeRedirect = 'https';
  if (r.stripQuery) out.stripQuery = true;
  if (r.portRedirect) out.portRedirect = r.portRedirect;
  return out;
}
