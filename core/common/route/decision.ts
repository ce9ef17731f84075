// The answer of the route simulator: what Envoy would do with one request. Its JSON form is the
// `xds-sandbox route` CLI contract; fields are only ever added, never renamed or removed.
import type { MetadataJson } from '../gen/envoy/envoy/config/core/v3/base_pb';
import { SOURCE_METADATA_KEY } from '../xds/resource-sources';

export { SOURCE_METADATA_KEY };

/** The API object (and, for routes, its route index) that produced an xDS virtual host or route. */
export interface SourceRef {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly routeIndex?: number;
  /** The name of the Gloo route, when it (or a route it was delegated from) has one. */
  readonly routeName?: string;
}

/** One cluster the request may go to; `upstream` is parsed from the cluster name `<name>_<namespace>`. */
export interface Destination {
  readonly upstream?: { readonly namespace: string; readonly name: string };
  readonly cluster: string;
  readonly weight: number;
  /** Set when the snapshot has no Cluster of that name (Envoy answers 503). */
  readonly missing?: true;
}

/** What Envoy does for a destination whose cluster is not in the snapshot: `503: cluster X does not exist (Upstream ns/name not found)`. */
export function missingClusterText(d: Destination): string {
  return `503: cluster ${d.cluster} does not exist${d.upstream ? ` (Upstream ${d.upstream.namespace}/${d.upstream.name} not found)` : ''}`;
}

/** A copy of the request Envoy sends to another cluster (request_mirror_policies); its answer is ignored. */
export interface Mirror {
  readonly upstream?: { readonly namespace: string; readonly name: string };
  readonly cluster: string;
  /** Share of the requests mirrored, in percent. */
  readonly percent: number;
  /** Set when the snapshot has no Cluster of that name (the copy goes nowhere). */
  readonly missing?: true;
}

/** How Envoy retries a forwarded request: the route's retry policy, else its virtual host's. */
export interface RetrySummary {
  readonly retryOn?: string;
  /** Retries after the first attempt (Envoy's default is 1). */
  readonly numRetries: number;
  readonly perTryTimeout?: string;
  /** Exponential back-off between retries (Envoy's default base is 25ms, max 10 × base). */
  readonly backOff?: { readonly baseInterval: string; readonly maxInterval?: string };
  readonly retriableStatusCodes?: readonly number[];
  /** Where the policy comes from. */
  readonly from: 'route' | 'virtualHost';
}

/** What the matched route does. Only the member for `type` is set (plus `pathAfterRewrite` for forwards). */
export interface RouteDecisionAction {
  readonly type: 'forward' | 'redirect' | 'directResponse' | 'unsupported';
  readonly destinations?: readonly Destination[];
  /** The `:path` sent upstream (query kept), after prefix or regex rewrites. */
  readonly pathAfterRewrite?: string;
  readonly hostAfterRewrite?: string;
  /** Set when the cluster comes from a request header (`cluster_header`). */
  readonly clusterHeader?: string;
  /** Copies of the request sent elsewhere (shadowing). */
  readonly mirrors?: readonly Mirror[];
  readonly retries?: RetrySummary;
  /** What picks the endpoint within a ring-hash or maglev cluster (`header x-user`, `cookie session`, `source IP`); routing is unchanged. */
  readonly hashOn?: readonly string[];
  readonly redirect?: { readonly location: string; readonly status: number };
  readonly directResponse?: { readonly status: number; readonly body?: string; readonly bodyFile?: string };
  /** Why an `unsupported` action cannot be shown. */
  readonly note?: string;
}

/** The virtual host chosen, the API object behind it, and the domain pattern that matched the Host. */
export interface VirtualHostInfo {
  readonly name: string;
  readonly source?: SourceRef;
  readonly matchedDomain?: string;
}

/** A request that reached a route. */
export interface MatchedDecision {
  readonly matched: true;
  readonly proxy: string;
  readonly listener: string;
  readonly virtualHost: VirtualHostInfo;
  readonly route: { readonly index: number; readonly name: string; readonly source?: SourceRef };
  readonly action: RouteDecisionAction;
  readonly routeConfig?: string;
  /** Index of the listener's filter chain that took the connection, when it has several. */
  readonly filterChain?: number;
  /** The HTTP filters of the connection manager and what each does for this route (the router left out). */
  readonly filters?: readonly FilterEffect[];
  /** Problems met on the way, such as a regex the matcher could not compile. */
  readonly warnings?: readonly string[];
}

/** One HTTP filter as the matched route sees it: whether it runs, and what it is set to do there. */
export interface FilterEffect {
  readonly name: string;
  readonly runs: boolean;
  readonly note?: string;
}

/** A request no route takes; `reason` says where the search stopped. */
export interface UnmatchedDecision {
  readonly matched: false;
  readonly proxy: string;
  readonly reason: string;
  readonly listener?: string;
  readonly routeConfig?: string;
  readonly filterChain?: number;
  readonly virtualHost?: VirtualHostInfo;
  /** Set when the filter chain proxies raw TCP: where the connection goes (no HTTP route is matched). */
  readonly tcpProxy?: { readonly destinations: readonly Destination[]; readonly sniCluster?: true };
  readonly warnings?: readonly string[];
}

/** What Envoy would do with a request. */
export type RouteDecision = MatchedDecision | UnmatchedDecision;

/** The source recorded in `metadata.filterMetadata['io.xds-sandbox.source']`, or undefined when absent or malformed. */
export function sourceFromMetadata(metadata: MetadataJson | undefined): SourceRef | undefined {
  const m = metadata?.filterMetadata?.[SOURCE_METADATA_KEY];
  if (!m || typeof m.kind !== 'string' || typeof m.namespace !== 'string' || typeof m.name !== 'string') return undefined;
  const index = typeof m.routeIndex === 'number' ? m.routeIndex : typeof m.routeIndex === 'string' ? Number(m.routeIndex) : NaN;
  return { kind: m.kind, namespace: m.namespace, name: m.name, ...(Number.isInteger(index) ? { routeIndex: index } : {}), ...(typeof m.routeName === 'string' ? { routeName: m.routeName } : {}) };
}

/** The VirtualService named by a virtual host name `<namespace>_<name>` (Kubernetes names have no `_`), or undefined. */
export function sourceFromVirtualHostName(name: string): SourceRef | undefined {
  const i = name.indexOf('_');
  if (i <= 0 || i === name.length - 1) return undefined;
  return { kind: 'VirtualService', namespace: name.slice(0, i), name: name.slice(i + 1) };
}

/** The Upstream named by a cluster name `<name>_<namespace>`, split at the last `_`; undefined when there is none. */
export function upstreamFromClusterName(cluster: string): { namespace: string; name: string } | undefined {
  const i = cluster.lastIndexOf('_');
  if (i <= 0 || i === cluster.length - 1) return undefined;
  return { namespace: cluster.slice(i + 1), name: cluster.slice(0, i) };
}
