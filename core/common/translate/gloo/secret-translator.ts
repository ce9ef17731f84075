// TLS for listeners and clusters. Certificates of Secrets go through SDS over ADS (the Secret
// resource is added to the snapshot under `<name>_<namespace>`, its CA under `<name>_<namespace>-ca`);
// sslFiles are passed to Envoy as file names.
import type { ResourceRefJson } from '../../gen/solo-kit/api/v1/solo-kit_pb';
import type { SSLFilesJson } from '../../gen/gloo/api/v1/ssl/ssl_pb';
import { contentHash } from '../../model/hash';
import { sdsSecretName } from '../names';
import type { GlooView } from './gloo-objects';
import type { SdsSecretConfigJson, SecretJson } from '../../gen/envoy/envoy/extensions/transport_sockets/tls/v3/secret_pb';
import type { CertificateValidationContextJson } from '../../gen/envoy/envoy/extensions/transport_sockets/tls/v3/common_pb';
import type { CommonTlsContextJson } from '../../gen/envoy/envoy/extensions/transport_sockets/tls/v3/tls_pb';
import { ADS_CONFIG_SOURCE, type XdsItem } from './envoy-types';
import { refKey, resolveRef } from '../../model/resource';

/** Where a TLS context takes its certificate from, and how it validates peers. */
export interface TlsSource {
  readonly secretRef?: ResourceRefJson;
  readonly sslFiles?: SSLFilesJson;
  readonly verifySubjectAltName?: readonly string[];
  readonly alpnProtocols?: readonly string[];
}

/** A CommonTlsContext and the Envoy Secrets it needs, plus whether it validates peers with a CA. */
export interface TlsContextParts {
  readonly common: CommonTlsContextJson;
  readonly secrets: readonly XdsItem<SecretJson>[];
  readonly hasCa: boolean;
}

/** Envoy Secret resources of a served TLS Secret: the certificate, and the CA when it has one. */
export function tlsSecretItems(view: GlooView, key: string): XdsItem<SecretJson>[] {
  const s = view.secrets.get(key);
  const tls = s?.resource.spec.tls;
  if (!s || !tls) return [];
  const { namespace, name } = s.resource.metadata;
  const items: SecretJson[] = [
    { name: sdsSecretName(namespace, name), tlsCertificate: { certificateChain: { inlineString: tls.certChain ?? '' }, privateKey: { inlineString: tls.privateKey ?? '' } } },
  ];
  if (tls.rootCa) items.push({ name: sdsSecretName(namespace, name, 'ca'), validationContext: { trustedCa: { inlineString: tls.rootCa } } });
  return items.map((json) => ({ name: json.name ?? '', json, version: contentHash(json) }));
}

/** The CommonTlsContext of a TLS source: SDS for Secrets, file names for sslFiles; SAN checks and ALPN as given. */
export function commonTlsContext(src: TlsSource, view: GlooView, namespace: string): TlsContextParts {
  const common: CommonTlsContextJson = {};
  let secrets: XdsItem<SecretJson>[] = [];
  let ca: CertificateValidationContextJson | undefined;
  let caSds: SdsSecretConfigJson | undefined;
  if (src.secretRef) {
    const key = refKey(resolveRef('Secret', src.secretRef, namespace));
    const ns = src.secretRef.namespace || namespace;
    secrets = tlsSecretItems(view, key);
    common.tlsCertificateSdsSecretConfigs = [{ name: sdsSecretName(ns, src.secretRef.name ?? ''), sdsConfig: ADS_CONFIG_SOURCE }];
    if (view.secrets.get(key)?.resource.spec.tls?.rootCa) caSds = { name: sdsSecretName(ns, src.secretRef.name ?? '', 'ca'), sdsConfig: ADS_CONFIG_SOURCE };
  } else if (src.sslFiles) {
    const f = src.sslFiles;
    common.tlsCertificates = [{ certificateChain: { filename: f.tlsCert ?? '' }, privateKey: { filename: f.tlsKey ?? '' } }];
    if (f.rootCa) ca = { trustedCa: { filename: f.rootCa } };
  }
  const sans = src.verifySubjectAltName ?? [];
  const sanMatchers: CertificateValidationContextJson | undefined = sans.length ? { matchTypedSubjectAltNames: sans.map((exact) => ({ sanType: 'DNS', matcher: { exact } })) } : undefined;
  if (caSds && sanMatchers) common.combinedValidationContext = { defaultValidationContext: sanMatchers, validationContextSdsSecretConfig: caSds };
  else if (caSds) common.validationContextSdsSecretConfig = caSds;
  else if (ca || sanMatchers) common.validationContext = { ...ca, ...sanMatchers };
  if (src.alpnProtocols?.length) common.alpnProtocols = [...src.alpnProtocols];
  return { common, secrets, hasCa: !!(ca || caSds) };
}
