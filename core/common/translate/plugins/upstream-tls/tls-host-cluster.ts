// A cluster that resolves one public host itself and speaks TLS to it on 443, as Gloo's azure and aws
// plugins make it (projects/gloo/pkg/plugins/azure/plugin.go and aws/plugin.go, ProcessUpstream).
import type { ClusterJson } from '../../../gen/envoy/envoy/config/cluster/v3/cluster_pb';
import type { UpstreamTlsContextJson } from '../../../gen/envoy/envoy/extensions/transport_sockets/tls/v3/tls_pb';
import { packAny } from '../../../xds/envoy-any';
import { clusterLoadAssignment } from '../../gloo/endpoint-translator';
import { TLS_TRANSPORT_SOCKET, UPSTREAM_TLS_TYPE } from '../../gloo/envoy-types';
import type { ClusterContext } from '../plugin';
import { tlsParams } from './tls-options';

/**
 * Turns `out` in place into a LOGICAL_DNS (IPv4 only) cluster of `host`:443 without EDS, speaking TLS with `host` as
 * SNI and the TLS parameters of Settings upstreamOptions; its other fields stay.
 */
export function useTlsHost(out: ClusterJson, host: string, ctx: ClusterContext): void {
  const { edsClusterConfig: _eds, ...rest } = out;
  const parameters = ctx.view.policy?.settings?.upstreamOptions?.sslParameters;
  const tls: UpstreamTlsContextJson = { commonTlsContext: parameters ? { tlsParams: tlsParams(parameters) } : {}, sni: host };
  const cluster: ClusterJson = { ...rest, type: 'LOGICAL_DNS', dnsLookupFamily: 'V4_ONLY', loadAssignment: clusterLoadAssignment(out.name ?? '', [{ address: host, port: 443 }]), transportSocket: { name: TLS_TRANSPORT_SOCKET, typedConfig: packAny(UPSTREAM_TLS_TYPE, tls) } };
  for (const k of Object.keys(out) as (keyof ClusterJson)[]) delete out[k];
  Object.assign(out, cluster);
}
