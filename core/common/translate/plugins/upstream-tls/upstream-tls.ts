// TLS to the upstream, after Gloo's translator (projects/gloo/pkg/translator/clusters.go,
// initializeCluster: an sslConfig becomes the cluster's TLS transport socket, via
// ResolveUpstreamSslConfig in projects/gloo/pkg/utils/ssl.go) and its static plugin
// (projects/gloo/pkg/plugins/static/plugin.go, ProcessUpstream: `useTls`, or, when it is unset, a
// host on port 443, turns TLS on with the hostname as SNI). Certificates of Secrets go over SDS from
// the xDS server; `sds` names another SDS server; one-way TLS sends no client certificate.
import type { SecretJson } from '../../../gen/envoy/envoy/extensions/transport_sockets/tls/v3/secret_pb';
import type { CommonTlsContextJson, UpstreamTlsContextJson } from '../../../gen/envoy/envoy/extensions/transport_sockets/tls/v3/tls_pb';
import { packAny } from '../../../xds/envoy-any';
import { TLS_TRANSPORT_SOCKET, UPSTREAM_TLS_TYPE, type XdsItem } from '../../gloo/envoy-types';
import { commonTlsContext } from '../../gloo/secret-translator';
import { isIP } from '../../ip';
import type { ClusterContext, Plugin, UpstreamSpec } from '../plugin';
import { sdsTlsContext, tlsOptionIssues, tlsParams } from './tls-options';

/** Whether the upstream speaks TLS: an sslConfig, static `useTls`, or (useTls unset) a static host on port 443. */
export function usesTls(spec: UpstreamSpec): boolean {
  if (spec.sslConfig) return true;
  const st = spec.static;
  return st ? (st.useTls ?? (st.hosts ?? []).some((h) => h.port === 443)) : false;
}

/** Names of the SDS secrets a CommonTlsContext reads. */
function sdsNames(c: CommonTlsContextJson): Set<string> {
  const configs = [...(c.tlsCertificateSdsSecretConfigs ?? []), c.validationContextSdsSecretConfig, c.combinedValidationContext?.validationContextSdsSecretConfig];
  return new Set(configs.flatMap((s) => (s?.name ? [s.name] : [])));
}

/** The CommonTlsContext of an sslConfig and the xDS server's Secrets it reads. */
function sslCommon(spec: UpstreamSpec, ctx: ClusterContext): { common: CommonTlsContextJson; secrets: readonly XdsItem<SecretJson>[] } {
  const ssl = spec.sslConfig!;
  if (ssl.sds) return { common: sdsTlsContext({ ...ssl, sds: ssl.sds }), secrets: [] };
  const parts = commonTlsContext(ssl, ctx.view, ctx.namespace);
  const common = { ...parts.common };
  // ResolveUpstreamSslConfig: one-way TLS keeps the validation context and drops the client certificate.
  if (ssl.oneWayTls) {
    delete common.tlsCertificates;
    delete common.tlsCertificateSdsSecretConfigs;
  }
  const used = sdsNames(common);
  return { common, secrets: parts.secrets.filter((s) => used.has(s.name)) };
}

/** The UpstreamTlsContext of an upstream; SNI is sslConfig.sni, else the first host's sniAddr, else its first hostname. */
export function upstreamTlsContext(spec: UpstreamSpec, ctx: ClusterContext): UpstreamTlsContextJson | undefined {
  if (!usesTls(spec)) return undefined;
  const ssl = spec.sslConfig;
  const hosts = spec.static?.hosts ?? [];
  const sni = ssl?.sni || hosts.find((h) => h.sniAddr)?.sniAddr || hosts.find((h) => !isIP(h.addr ?? ''))?.addr;
  const json: UpstreamTlsContextJson = {};
  if (ssl) {
    const { common, secrets } = sslCommon(spec, ctx);
    // applyDefaultsToUpstreamSslConfig: Settings upstreamOptions.sslParameters stand in for parameters the upstream does not set.
    const parameters = ssl.parameters ?? ctx.view.policy?.settings?.upstreamOptions?.sslParameters;
    if (parameters) common.tlsParams = tlsParams(parameters);
    if (Object.keys(common).length) json.commonTlsContext = common;
    for (const s of secrets) ctx.addSecret(s);
  }
  if (sni) json.sni = sni;
  if (ssl?.allowRenegotiation) json.allowRenegotiation = true;
  return json;
}

/** The upstream TLS plugin. */
export const upstreamTlsPlugin: Plugin = {
  name: 'upstream-tls',
  upstreamFields: ['sslConfig', 'static'],
  checkUpstream: (spec) => (spec.sslConfig ? tlsOptionIssues(spec.sslConfig) : []),
  upstreamSecretRefs: (spec) => (spec.sslConfig?.secretRef ? [{ field: 'sslConfig.secretRef', ref: spec.sslConfig.secretRef, kind: 'tls' }] : []),
  cluster(spec, out, ctx) {
    const tls = upstreamTlsContext(spec, ctx);
    if (tls) out.transportSocket = { name: TLS_TRANSPORT_SOCKET, typedConfig: packAny(UPSTREAM_TLS_TYPE, tls) };
  },
};
