// A connection whose filter chain ends in tcp_proxy: Envoy proxies its bytes to a cluster and never
// parses HTTP, so no route is matched
// (https://www.envoyproxy.io/docs/envoy/latest/api-v3/extensions/filters/network/tcp_proxy/v3/tcp_proxy.proto).
// With sni_cluster before it, the cluster is the connection's SNI
// (https://www.envoyproxy.io/docs/envoy/latest/configuration/listeners/network_filters/sni_cluster_filter).
import { upstreamFromClusterName, type Destination } from './decision';
import { listOf, unwrap, type FilterChainInput, type Wrapped } from './envoy-input';
import type { RouteTestExpect } from './route-tests';

const TCP_PROXY_FILTER_NAMES = new Set(['envoy.filters.network.tcp_proxy', 'envoy.tcp_proxy']);
const TCP_PROXY_TYPE_SUFFIX = '.TcpProxy';
const SNI_CLUSTER_FILTER_NAMES = new Set(['envoy.filters.network.sni_cluster', 'envoy.sni_cluster']);

/** The part of a TcpProxy config the simulator reads. */
interface TcpProxyInput {
  readonly cluster?: string;
  readonly weightedClusters?: { readonly clusters?: readonly { readonly name?: string; readonly weight?: Wrapped<number> }[] };
}

/** Where a TCP proxy chain sends a connection: its clusters, and whether the cluster came from the SNI. */
export interface TcpProxyInfo {
  readonly destinations: readonly Destination[];
  readonly sniCluster?: true;
}

/** The TCP proxy of a filter chain, or undefined when it has none; `serverName` is the connection's SNI ('' for none). */
export function tcpProxyOf(chain: FilterChainInput, serverName: string, clusterExists: (name: string) => boolean): TcpProxyInfo | undefined {
  const filters = listOf(chain.filters);
  const f = filters.find((x) => TCP_PROXY_FILTER_NAMES.has(x.name ?? '') || String(x.typedConfig?.['@type'] ?? '').endsWith(TCP_PROXY_TYPE_SUFFIX));
  if (!f) return undefined;
  const cfg = (f.typedConfig ?? f.config ?? {}) as TcpProxyInput;
  const destination = (cluster: string, weight: number): Destination => {
    const upstream = upstreamFromClusterName(cluster);
    return { ...(upstream ? { upstream } : {}), cluster, weight, ...(clusterExists(cluster) ? {} : { missing: true as const }) };
  };
  if (filters.some((x) => SNI_CLUSTER_FILTER_NAMES.has(x.name ?? ''))) return { destinations: serverName ? [destination(serverName, 1)] : [], sniCluster: true };
  if (cfg.weightedClusters) return { destinations: listOf(cfg.weightedClusters.clusters).map((c) => destination(c.name ?? '', unwrap(c.weight) ?? 0)) };
  return { destinations: cfg.cluster ? [destination(cfg.cluster, 1)] : [] };
}

/** How a TCP proxy decision reads: `TCP proxy to cluster X`, or to weighted clusters, or to the cluster the SNI names. */
export function tcpProxyText(info: TcpProxyInfo): string {
  const d = info.destinations;
  if (info.sniCluster) return d.length ? `TCP proxy to cluster ${d[0].cluster} (named by the SNI)` : 'TCP proxy to the cluster the SNI names, but the connection has no SNI';
  if (d.length === 0) return 'TCP proxy to no cluster';
  if (d.length === 1) return `TCP proxy to cluster ${d[0].cluster}`;
  return `TCP proxy to clusters ${d.map((x) => `${x.cluster} (weight ${x.weight})`).join(', ')}`;
}

/** What a TCP proxy breaks of a route test's expectations: `cluster` and `upstream` are checked against its clusters; the HTTP ones cannot hold, as no route is matched. */
export function tcpProxyExpectationFailures(expect: RouteTestExpect, info: TcpProxyInfo): string[] {
  const out: string[] = [];
  const clusters = info.destinations.map((d) => d.cluster);
  const upstreams = info.destinations.map((d) => (d.upstream ? `${d.upstream.namespace}/${d.upstream.name}` : ''));
  const got = (values: readonly string[]) => values.filter(Boolean).map((v) => JSON.stringify(v)).join(' / ') || 'nothing';
  if (expect.cluster !== undefined && !clusters.includes(expect.cluster)) out.push(`cluster: expected ${JSON.stringify(expect.cluster)}, got ${got(clusters)} (${tcpProxyText(info)})`);
  if (expect.upstream !== undefined && !upstreams.includes(expect.upstream)) out.push(`upstream: expected ${JSON.stringify(expect.upstream)}, got ${got(upstreams)} (${tcpProxyText(info)})`);
  for (const [key, want] of Object.entries(expect)) {
    if (want === undefined || key === 'matched' || key === 'cluster' || key === 'upstream') continue;
    out.push(`${key}: expected ${JSON.stringify(want)}, but the connection is proxied as raw TCP (${tcpProxyText(info)}), so no HTTP route is matched`);
  }
  return out;
}
