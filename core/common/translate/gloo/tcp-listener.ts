// A Proxy TcpListener → Envoy filter chains, one per TCP host, each ending in a tcp_proxy network
// filter (Gloo's tcp plugin, projects/gloo/pkg/plugins/tcp/plugin.go: CreateTcpFilterChains,
// tcpProxyFilters, computeTcpFilterChain). A host whose destination is missing is left out, as
// Gloo's plugin skips it with a warning; a host with an sslConfig that names only SNI domains is TLS
// passthrough (matched by SNI, not terminated); one with a certificate terminates TLS.
import type { FilterChainJson, FilterJson } from '../../gen/envoy/envoy/config/listener/v3/listener_components_pb';
import type { HeaderValueOptionJson as EnvoyHeaderValueOption } from '../../gen/envoy/envoy/config/core/v3/base_pb';
import type { SniClusterJson } from '../../gen/envoy/envoy/extensions/filters/network/sni_cluster/v3/sni_cluster_pb';
import type { TcpProxy_WeightedCluster_ClusterWeightJson, TcpProxyJson } from '../../gen/envoy/envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy_pb';
import type { SecretJson } from '../../gen/envoy/envoy/extensions/transport_sockets/tls/v3/secret_pb';
import type { TcpHostJson, TcpListenerJson, WeightedDestinationJson } from '../../gen/gloo/api/v1/proxy_pb';
import type { TcpProxySettingsJson } from '../../gen/gloo/api/v1/options/tcp/tcp_pb';
import type { SslConfigJson } from '../../gen/gloo/api/v1/ssl/ssl_pb';
import { packAny, typeUrl } from '../../xds/envoy-any';
import { clusterNameOfRef } from '../names';
import { listenerNetworkFilters } from '../plugins/run-listener-plugins';
import { destinationUpstreamRef } from '../route-validator';
import type { XdsItem } from './envoy-types';
import { refProblem, type GlooView } from './gloo-objects';
import { tlsFilterChain } from './listener-translator';
import { refKey, resolveRef } from '../../model/resource';

/** tcp_proxy network filter name (Envoy's wellknown.TCPProxy). */
export const TCP_PROXY_FILTER = 'envoy.filters.network.tcp_proxy';
/** Type URL of TcpProxy. */
export const TCP_PROXY_TYPE = typeUrl<TcpProxyJson>('envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy');
/** sni_cluster network filter name: the cluster is the connection's SNI (Gloo's tcp.SniFilter). */
export const SNI_CLUSTER_FILTER = 'envoy.filters.network.sni_cluster';
/** Type URL of SniCluster. */
export const SNI_CLUSTER_TYPE = typeUrl<SniClusterJson>('envoy.extensions.filters.network.sni_cluster.v3.SniCluster');
/** Stat prefix of a TcpListener that names none (Gloo's DefaultTcpStatPrefix). */
export const DEFAULT_TCP_STAT_PREFIX = 'tcp';

/** A filter chain and where it came from, so conflicts can name their origin. */
export interface LabeledChain {
  readonly chain: FilterChainJson;
  /** The TCP host the chain serves, for TCP chains. */
  readonly tcpHost?: string;
  /** The SNI names of an HTTPS chain. */
  readonly sni?: readonly string[];
}

/** The filter chains of a TCP listener and the Secrets their TLS needs. */
export interface TcpChains {
  readonly chains: LabeledChain[];
  readonly secrets: XdsItem<SecretJson>[];
}

/** Why a TCP host gets no filter chain (its destination is not served), or undefined when it gets one. */
export function tcpHostSkipReason(host: TcpHostJson, view: GlooView, namespace: string): string | undefined {
  const d = host.destination;
  if (d?.single) return upstreamProblem(destinationUpstreamRef(d.single, namespace), view, namespace);
  if (d?.multi) return weightedProblem(d.multi.destinations ?? [], view, namespace);
  if (d?.upstreamGroup) {
    const key = refKey(resolveRef('UpstreamGroup', d.upstreamGroup, namespace));
    const problem = refProblem(view, 'UpstreamGroup', key);
    if (problem) return problem;
    const group = view.groups.get(key)!.resource;
    return weightedProblem(group.spec.destinations ?? [], view, group.metadata.namespace);
  }
  return d?.forwardSniClusterName ? undefined : 'it names no destination';
}

function upstreamProblem(ref: { namespace?: string; name?: string } | undefined, view: GlooView, namespace: string): string | undefined {
  return ref?.name ? refProblem(view, 'Upstream', refKey(resolveRef('Upstream', ref, namespace))) : 'it names no upstream';
}

function weightedProblem(dests: readonly WeightedDestinationJson[], view: GlooView, namespace: string): string | undefined {
  if (dests.length === 0) return 'it has no destinations';
  for (const w of dests) {
    const problem = upstreamProblem(destinationUpstreamRef(w.destination, namespace), view, namespace);
    if (problem) return problem;
  }
  return undefined;
}

/** The filter chains of a TcpListener: one per host with a served destination, in host order (CreateTcpFilterChains). */
export function tcpFilterChains(tcp: TcpListenerJson, view: GlooView, namespace: string): TcpChains {
  const out: TcpChains = { chains: [], secrets: [] };
  const statPrefix = tcp.statPrefix || DEFAULT_TCP_STAT_PREFIX;
  // The network filter plugins' filters come first in every chain (tcpFilterChainTranslator.ComputeFilterChains);
  // connectionLimit is the message HTTP listener options have, and localRatelimit their networkLocalRatelimit, so their plugins build the filters.
  const o = tcp.options;
  const networkFilters = o?.connectionLimit || o?.localRatelimit ? listenerNetworkFilters({ ...(o.connectionLimit ? { connectionLimit: o.connectionLimit } : {}), ...(o.localRatelimit ? { networkLocalRatelimit: o.localRatelimit } : {}) }) : [];
  for (const host of tcp.tcpHosts ?? []) {
    if (tcpHostSkipReason(host, view, namespace)) continue;
    const filters = [...networkFilters, ...tcpProxyFilters(host, tcp.options?.tcpProxySettings, statPrefix, view, namespace)];
    const chain = hostFilterChain(host.sslConfig, filters, view, namespace);
    out.secrets.push(...chain.secrets);
    out.chains.push({ chain: chain.chain, tcpHost: host.name ?? '' });
  }
  return out;
}

/** The network filters of one host: sni_cluster for forwardSniClusterName, then tcp_proxy (tcpProxyFilters). */
function tcpProxyFilters(host: TcpHostJson, settings: TcpProxySettingsJson | undefined, statPrefix: string, view: GlooView, namespace: string): FilterJson[] {
  const cfg: TcpProxyJson = { statPrefix, ...proxySettings(settings) };
  const filters: FilterJson[] = [];
  const d = host.destination ?? {};
  if (d.single) cfg.cluster = clusterNameOfRef(destinationUpstreamRef(d.single, namespace), namespace);
  else if (d.multi) cfg.weightedClusters = { clusters: weightedClusters(d.multi.destinations ?? [], namespace) };
  else if (d.upstreamGroup) {
    const group = view.groups.get(refKey(resolveRef('UpstreamGroup', d.upstreamGroup, namespace)))!.resource;
    cfg.weightedClusters = { clusters: weightedClusters(group.spec.destinations ?? [], group.metadata.namespace) };
  } else if (d.forwardSniClusterName) {
    // The sni_cluster filter sets the cluster from the SNI before tcp_proxy connects; the empty name is replaced.
    cfg.cluster = '';
    filters.push({ name: SNI_CLUSTER_FILTER, typedConfig: packAny(SNI_CLUSTER_TYPE, {}) });
  }
  filters.push({ name: TCP_PROXY_FILTER, typedConfig: packAny(TCP_PROXY_TYPE, cfg) });
  return filters;
}

function weightedClusters(dests: readonly WeightedDestinationJson[], namespace: string): TcpProxy_WeightedCluster_ClusterWeightJson[] {
  return dests.map((w) => ({ name: clusterNameOfRef(destinationUpstreamRef(w.destination, namespace), namespace), weight: w.weight ?? 0 }));
}

/** TcpProxySettings → TcpProxy fields (tcpProxyFilters); the flush interval goes to access_log_options, its current place. */
function proxySettings(s: TcpProxySettingsJson | undefined): Partial<TcpProxyJson> {
  if (!s) return {};
  const out: Partial<TcpProxyJson> = {};
  if (s.maxConnectAttempts !== undefined) out.maxConnectAttempts = s.maxConnectAttempts;
  if (s.idleTimeout !== undefined) out.idleTimeout = s.idleTimeout;
  if (s.accessLogFlushInterval !== undefined) out.accessLogOptions = { accessLogFlushInterval: s.accessLogFlushInterval };
  const t = s.tunnelingConfig;
  if (t) {
    const headers: EnvoyHeaderValueOption[] = (t.headersToAdd ?? []).map((h) => ({
      header: { key: h.header?.key ?? '', value: h.header?.value ?? '' },
      // convertToEnvoyHeaderValueOption copies `append`; Envoy's current field for it is append_action.
      appendAction: h.append === false ? 'OVERWRITE_IF_EXISTS_OR_ADD' : 'APPEND_IF_EXISTS_OR_ADD',
    }));
    out.tunnelingConfig = { hostname: t.hostname ?? '', ...(headers.length ? { headersToAdd: headers } : {}) };
  }
  return out;
}

/** The chain of one host (computeTcpFilterChain): plain, SNI passthrough, or TLS terminated with the host's certificate. */
function hostFilterChain(ssl: SslConfigJson | undefined, filters: FilterJson[], view: GlooView, namespace: string): { chain: FilterChainJson; secrets: readonly XdsItem<SecretJson>[] } {
  if (!ssl) return { chain: { filters }, secrets: [] };
  const sni = ssl.sniDomains ?? [];
  if (!ssl.secretRef && !ssl.sslFiles && !ssl.sds && sni.length) return { chain: { filterChainMatch: { serverNames: [...sni] }, filters }, secrets: [] };
  const tls = tlsFilterChain(ssl, view, namespace);
  const chain: FilterChainJson = { ...tls.match, filters, transportSocket: tls.transportSocket };
  if (ssl.transportSocketConnectTimeout) chain.transportSocketConnectTimeout = ssl.transportSocketConnectTimeout;
  return { chain, secrets: tls.secrets };
}
