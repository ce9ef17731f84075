// The parts of an upstream sslConfig beyond its certificate source, after Gloo's sslConfigTranslator
// (projects/gloo/pkg/utils/ssl.go): TLS parameters (ResolveSslParamsConfig), one-way TLS and
// renegotiation (ResolveUpstreamSslConfig), and certificates from an SDS server (handleSds, buildSds).
import type { UpstreamSslConfigJson, SDSConfigJson, SslParametersJson } from '../../../gen/gloo/api/v1/ssl/ssl_pb';
import type { SdsSecretConfigJson } from '../../../gen/envoy/envoy/extensions/transport_sockets/tls/v3/secret_pb';
import type { CommonTlsContextJson } from '../../../gen/envoy/envoy/extensions/transport_sockets/tls/v3/tls_pb';
import type { TlsParametersJson, TlsParameters_TlsProtocolJson } from '../../../gen/envoy/envoy/extensions/transport_sockets/tls/v3/common_pb';
import type { Issue } from '../../served';

/** The cluster Gloo's SDS config names when it names none (projects/gloo/constants/sds.go). */
export const DEFAULT_SDS_CLUSTER = 'gateway_proxy_sds';

const VERSIONS: readonly TlsParameters_TlsProtocolJson[] = ['TLS_AUTO', 'TLSv1_0', 'TLSv1_1', 'TLSv1_2', 'TLSv1_3'];

/** Envoy TLS parameters of Gloo's (protocol versions by name or number). */
export function tlsParams(p: SslParametersJson): TlsParametersJson {
  const version = (v: unknown) => (typeof v === 'number' ? VERSIONS[v] : (v as TlsParameters_TlsProtocolJson | undefined));
  const out: TlsParametersJson = {};
  const min = version(p.minimumProtocolVersion);
  const max = version(p.maximumProtocolVersion);
  if (min) out.tlsMinimumProtocolVersion = min;
  if (max) out.tlsMaximumProtocolVersion = max;
  if (p.cipherSuites?.length) out.cipherSuites = [...p.cipherSuites];
  if (p.ecdhCurves?.length) out.ecdhCurves = [...p.ecdhCurves];
  return out;
}

/** An SDS secret fetched from the SDS server: over Envoy gRPC to its cluster, or Google gRPC to its target URI when no cluster is named. */
function sdsSecret(name: string, sds: SDSConfigJson): SdsSecretConfigJson {
  const grpc = sds.targetUri && !sds.clusterName ? { googleGrpc: { targetUri: sds.targetUri, statPrefix: name } } : { envoyGrpc: { clusterName: sds.clusterName || DEFAULT_SDS_CLUSTER } };
  return { name, sdsConfig: { resourceApiVersion: 'V3', apiConfigSource: { apiType: 'GRPC', transportApiVersion: 'V3', grpcServices: [grpc] } } };
}

/** The CommonTlsContext of an SDS source: the certificate, the validation context (with SAN checks beside it), ALPN. */
export function sdsTlsContext(ssl: UpstreamSslConfigJson & { sds: SDSConfigJson }): CommonTlsContextJson {
  const { sds } = ssl;
  const out: CommonTlsContextJson = {};
  if (sds.certificatesSecretName) out.tlsCertificateSdsSecretConfigs = [sdsSecret(sds.certificatesSecretName, sds)];
  const sans = ssl.verifySubjectAltName ?? [];
  if (sds.validationContextName) {
    const validation = sdsSecret(sds.validationContextName, sds);
    // Gloo's match_subject_alt_names matches a SAN of any type; a name with a scheme (spiffe://…) is a URI SAN, any other a DNS one.
    const matchers = sans.map((exact) => ({ sanType: exact.includes('://') ? ('URI' as const) : ('DNS' as const), matcher: { exact } }));
    if (sans.length) out.combinedValidationContext = { defaultValidationContext: { matchTypedSubjectAltNames: matchers }, validationContextSdsSecretConfig: validation };
    else out.validationContextSdsSecretConfig = validation;
  }
  if (ssl.alpnProtocols?.length) out.alpnProtocols = [...ssl.alpnProtocols];
  return out;
}

/** Problems of an upstream sslConfig's options (handleSds, convertVersion), and what Envoy needs for SDS. */
export function tlsOptionIssues(ssl: UpstreamSslConfigJson): Issue[] {
  const issues: Issue[] = [];
  const error = (message: string) => issues.push({ severity: 'error', message });
  const sds = ssl.sds;
  if (sds) {
    if (!sds.certificatesSecretName && !sds.validationContextName) error('sslConfig.sds: at least one of certificatesSecretName or validationContextName must be set');
    if (ssl.verifySubjectAltName?.length && !sds.validationContextName) error('sslConfig.sds: verifySubjectAltName needs validationContextName');
    if (sds.callCredentials) issues.push({ severity: 'warning', message: "sslConfig.sds.callCredentials is not translated: Gloo's deprecated file-based call credentials; the SDS server is called without them" });
    const where = sds.targetUri && !sds.clusterName ? `the SDS server at ${sds.targetUri}` : `the SDS server behind cluster ${sds.clusterName || DEFAULT_SDS_CLUSTER}`;
    issues.push({ severity: 'warning', message: `sslConfig.sds: Envoy fetches these certificates from ${where}, which its bootstrap must define; the sandbox serves no SDS server of its own` });
  }
  return issues;
}
