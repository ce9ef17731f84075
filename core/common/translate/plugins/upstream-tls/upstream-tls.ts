// TLS to the upstream, after Gloo's translator (projects/gloo/pkg/translator/clusters.go,
// initializeCluster: an sslConfig becomes the cluster's TLS transport socket) and its static plugin
// (projects/gloo/pkg/plugins/static/plugin.go, ProcessUpstream: `useTls`, or, when it is unset, a
// host on port 443, turns TLS on with the hostname as SNI). Certificates of Secrets go over SDS.
import type { UpstreamTlsContextJson } from '../../../gen/envoy/envoy/extensions/transport_sockets/tls/v3/tls_pb';
import { packAny } from '../../../xds/envoy-any';
import { TLS_TRANSPORT_SOCKET, UPSTREAM_TLS_TYPE } from '../../gloo/envoy-types';
import { commonTlsContext } from '../../gloo/secret-translator';
import { isIP } from '../../ip';
import type { ClusterContext, Plugin, UpstreamSpec } from '../plugin';

/** Whether the upstream speaks TLS: an sslConfig, static `useTls`, or (useTls unset) a static host on port 443. */
export function usesTls(spec: UpstreamSpec): boolean {
  if (spec.sslConfig) return true;
  const st = spec.static;
  return st ? (st.useTls ?? (st.hosts ?? []).some((h) => h.port === 443)) : false;
}

/** The UpstreamTlsContext of an upstream; SNI is sslConfig.sni, else the first host's sniAddr, else its first hostname. */
export function upstreamTlsContext(spec: UpstreamSpec, ctx: ClusterContext): UpstreamTlsContextJson | undefined {
  if (!usesTls(spec)) return undefined;
  const ssl = spec.sslConfig;
  const hosts = spec.static?.hosts ?? [];
  const sni = ssl?.sni || hosts.find((h) => h.sniAddr)?.sniAddr || hosts.find((h) => !isIP(h.addr ?? ''))?.addr;
  const json: UpstreamTlsContextJson = {};
  if (ssl) {
    const parts = commonTlsContext(ssl, ctx.view, ctx.namespace);
    if (Object.keys(parts.common).length) json.commonTlsContext = parts.common;
    for (const s of parts.secrets) ctx.addSecret(s);
  }
  if (sni) json.sni = sni;
  return json;
}

/** The upstream TLS plugin. */
export const upstreamTlsPlugin: Plugin = {
  name: 'upstream-tls',
  upstreamFields: ['sslConfig', 'static'],
  upstreamSecretRefs: (spec) => (spec.sslConfig?.secretRef ? [{ field: 'sslConfig.secretRef', ref: spec.sslConfig.secretRef, kind: 'tls' }] : []),
  cluster(spec, out, ctx) {
    const tls = upstreamTlsContext(spec, ctx);
    if (tls) out.transportSocket = { name: TLS_TRANSPORT_SOCKET, typedConfig: packAny(UPSTREAM_TLS_TYPE, tls) };
  },
};
