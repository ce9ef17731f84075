// HTTP CONNECT tunneling to an Upstream through a proxy, after Gloo's tunneling plugin
// (projects/gloo/pkg/plugins/tunneling/plugin.go: UpstreamGeneratedResources,
// generateForwardingCluster, generateForwardingTcpListener). Envoy tunnels TCP over HTTP CONNECT only
// in tcp_proxy, so traffic for the Upstream takes a detour through Envoy itself: the cluster routes
// name keeps its name but now sends to a listener on an in-memory pipe (`@/<cluster>`, Linux only),
// keeping the Upstream's own TLS; that listener's tcp_proxy asks the proxy (the Upstream's hosts, in
// cluster `<cluster>_original`, with httpConnectSslConfig's TLS, if any) to CONNECT to
// httpProxyHostname, adding httpConnectHeaders to the CONNECT request.
import type { ClusterJson } from '../../../gen/envoy/envoy/config/cluster/v3/cluster_pb';
import type { ListenerJson } from '../../../gen/envoy/envoy/config/listener/v3/listener_pb';
import type { TcpProxyJson } from '../../../gen/envoy/envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy_pb';
import { packAny, typeUrl } from '../../../xds/envoy-any';
import { TLS_TRANSPORT_SOCKET, UPSTREAM_TLS_TYPE } from '../../gloo/envoy-types';
import type { Issue } from '../../served';
import type { Plugin, UpstreamSpec } from '../plugin';
import { tlsOptionIssues } from '../upstream-tls/tls-options';
import { upstreamTlsContext } from '../upstream-tls/upstream-tls';

/** Gloo's names: the suffix of the renamed original cluster and the prefixes of the forwarding listener and its stats. */
export const ORIGINAL_CLUSTER_SUFFIX = '_original';
export const FORWARDING_LISTENER_PREFIX = 'solo_io_generated_self_listener_';
const STATS_PREFIX = 'soloioTcpStats';
const TCP_PROXY_TYPE = typeUrl<TcpProxyJson>('envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy');

function check(spec: UpstreamSpec): Issue[] {
  const issues: Issue[] = spec.httpConnectSslConfig ? tlsOptionIssues(spec.httpConnectSslConfig).map((i) => ({ ...i, message: i.message.replace(/^sslConfig/, 'httpConnectSslConfig') })) : [];
  if (!spec.httpProxyHostname && (spec.httpConnectSslConfig || spec.httpConnectHeaders?.length)) {
    issues.push({ severity: 'warning', message: 'httpConnectSslConfig and httpConnectHeaders apply only with httpProxyHostname, which is not set, so no tunnel is made' });
  }
  return issues;
}

/** The listener on the pipe whose tcp_proxy tunnels to httpProxyHostname through the original cluster (generateForwardingTcpListener). */
function forwardingListener(cluster: string, pipe: string, hostname: string, spec: UpstreamSpec): ListenerJson {
  const headersToAdd = (spec.httpConnectHeaders ?? []).map((h) => ({ header: { key: h.key ?? '', value: h.value ?? '' }, appendAction: 'OVERWRITE_IF_EXISTS_OR_ADD' as const }));
  const tcp: TcpProxyJson = { statPrefix: STATS_PREFIX + cluster, tunnelingConfig: { hostname, ...(headersToAdd.length ? { headersToAdd } : {}) }, cluster: cluster + ORIGINAL_CLUSTER_SUFFIX };
  return { name: FORWARDING_LISTENER_PREFIX + cluster, address: { pipe: { path: pipe } }, filterChains: [{ filters: [{ name: 'tcp', typedConfig: packAny(TCP_PROXY_TYPE, tcp) }] }] };
}

/** The cluster routes keep naming, now sending to the pipe with the Upstream's own TLS (generateForwardingCluster). */
function forwardingCluster(cluster: string, pipe: string, transportSocket: ClusterJson['transportSocket']): ClusterJson {
  const out: ClusterJson = { name: cluster, type: 'STATIC', connectTimeout: '5s', loadAssignment: { clusterName: cluster, endpoints: [{ lbEndpoints: [{ endpoint: { address: { pipe: { path: pipe } } } }] }] } };
  if (transportSocket) out.transportSocket = transportSocket;
  return out;
}

/** The tunneling plugin. */
export const tunnelingPlugin: Plugin = {
  name: 'tunneling',
  upstreamFields: ['httpProxyHostname', 'httpConnectSslConfig', 'httpConnectHeaders'],
  checkUpstream: check,
  upstreamSecretRefs: (spec) => (spec.httpProxyHostname && spec.httpConnectSslConfig?.secretRef ? [{ field: 'httpConnectSslConfig.secretRef', ref: spec.httpConnectSslConfig.secretRef, kind: 'tls' }] : []),
  upstreamGeneratedResources(spec, out, ctx) {
    const hostname = spec.httpProxyHostname;
    const name = out.name ?? '';
    if (!hostname || !name) return undefined;
    const pipe = `@/${name}`;
    const original = out.transportSocket;
    // The original cluster now reaches the HTTP proxy: with httpConnectSslConfig's TLS, else in plain text.
    const proxyTls = spec.httpConnectSslConfig ? upstreamTlsContext({ sslConfig: spec.httpConnectSslConfig }, ctx) : undefined;
    if (proxyTls) out.transportSocket = { name: TLS_TRANSPORT_SOCKET, typedConfig: packAny(UPSTREAM_TLS_TYPE, proxyTls) };
    else delete out.transportSocket;
    delete out.transportSocketMatches;
    out.name = name + ORIGINAL_CLUSTER_SUFFIX;
    // Its endpoints keep the Upstream's cluster name.
    if (out.type === 'EDS') out.edsClusterConfig = { ...out.edsClusterConfig, serviceName: name };
    if (out.loadAssignment) out.loadAssignment = { ...out.loadAssignment, clusterName: out.name };
    return { clusters: [forwardingCluster(name, pipe, original)], listeners: [forwardingListener(name, pipe, hostname, spec)] };
  },
};
