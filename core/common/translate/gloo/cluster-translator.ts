// Upstreams → Envoy clusters (named `<name>_<namespace>`, as Gloo does). Every cluster whose
// addresses are IPs is `type: EDS` over ADS with a ClusterLoadAssignment of the same name, the one
// discovery type both Envoy and proxyless gRPC (@grpc/grpc-js-xds: EDS, LOGICAL_DNS, aggregate)
// accept. A hostname cannot be resolved in pure code, so a static upstream naming one becomes a DNS
// cluster with its hosts inline (V4_ONLY lookups). Everything else (TLS, HTTP protocol, load
// balancing, health checks, …) is set by the plugins of the Upstream's fields, in registry order.
import { hashString } from '../../model/hash';
import type { Resource } from '../../model/resource';
import { isIP } from '../ip';
import { clusterName } from '../names';
import { TRANSLATOR_REVISION } from '../revision';
import type { ServedObject } from '../served';
import { clusterLoadAssignment, type EndpointAddress } from './endpoint-translator';
import { ADS_CONFIG_SOURCE, type XdsItem } from './envoy-types';
import type { ClusterJson } from '../../gen/envoy/envoy/config/cluster/v3/cluster_pb';
import type { ClusterLoadAssignmentJson } from '../../gen/envoy/envoy/config/endpoint/v3/endpoint_pb';
import type { SecretJson } from '../../gen/envoy/envoy/extensions/transport_sockets/tls/v3/secret_pb';
import { circuitBreakers } from '../plugins/circuit-breakers/circuit-breakers';
import { runClusterPlugins, upstreamSecretRefs } from '../plugins/run-upstream-plugins';
import type { ListenerJson } from '../../gen/envoy/envoy/config/listener/v3/listener_pb';
import type { GlooView } from './gloo-objects';
import { refKey, resolveRef } from '../../model/resource';

/** Connect timeout when the upstream sets none (Gloo's ClusterConnectionTimeout, projects/gloo/pkg/translator/defaults.go). */
export const DEFAULT_CONNECT_TIMEOUT = '5s';

/** What one upstream becomes: a cluster, its endpoints for EDS clusters, the Secrets its TLS needs, and clusters and listeners plugins make beside it. */
export interface UpstreamOutput {
  readonly cluster: XdsItem<ClusterJson>;
  readonly endpoint?: XdsItem<ClusterLoadAssignmentJson>;
  readonly secrets: readonly XdsItem<SecretJson>[];
  readonly generated?: { readonly clusters: readonly XdsItem<ClusterJson>[]; readonly listeners: readonly XdsItem<ListenerJson>[] };
}

/** Everything a cluster depends on besides its name, as one string: the upstream's hash, its endpoints', its Secrets' and the defaults Settings give it. */
export function upstreamFingerprint(u: ServedObject<'Upstream'>, view: GlooView, endpointHashes: ReadonlyMap<string, string>): string {
  const key = refKey(u.resource);
  const eps = (view.endpointsByUpstream.get(key) ?? []).map((e) => endpointHashes.get(refKey(e)) ?? '').join(',');
  const secrets = upstreamSecretRefs(u.resource.spec).map((s) => view.secrets.get(refKey(resolveRef('Secret', s.ref, u.resource.metadata.namespace)))?.hash ?? '-');
  return `${TRANSLATOR_REVISION}|${u.hash}|${eps}|${secrets.join(',')}|${settingsDefaults(view)[u.resource.spec.sslConfig ? 1 : 0]}`;
}

const defaultsBySettings = new WeakMap<object, readonly [string, string]>();
const NO_SETTINGS = {};

/** What Settings give clusters (circuit breakers; TLS parameters too for TLS upstreams), as strings, computed once per Settings object. */
function settingsDefaults(view: GlooView): readonly [string, string] {
  const settings = view.policy?.settings;
  let d = defaultsBySettings.get(settings ?? NO_SETTINGS);
  if (!d) {
    const breakers = JSON.stringify(settings?.gloo?.circuitBreakers ?? null);
    d = [breakers, `${breakers}|${JSON.stringify(settings?.upstreamOptions?.sslParameters ?? null)}`];
    defaultsBySettings.set(settings ?? NO_SETTINGS, d);
  }
  return d;
}

/** Translates a served upstream; versions derive from the fingerprint, so unchanged inputs keep their versions. */
export function translateUpstream(u: ServedObject<'Upstream'>, view: GlooView, fingerprint: string): UpstreamOutput {
  const r = u.resource;
  const name = clusterName(r.metadata.namespace, r.metadata.name);
  const hosts = addressesOf(r, view);
  const dns = r.spec.static !== undefined && hosts.some((h) => !isIP(h.address));
  let cluster: ClusterJson;
  let endpoint: XdsItem<ClusterLoadAssignmentJson> | undefined;
  if (dns) {
    // Gloo's static plugin (projects/gloo/pkg/plugins/static/plugin.go, ProcessUpstream) resolves every
    // host with STRICT_DNS when one is a name. One host stays LOGICAL_DNS, the DNS type proxyless gRPC
    // clients accept too; several hosts are all kept, as STRICT_DNS, which only Envoy accepts.
    const type: ClusterJson['type'] = hosts.length > 1 ? 'STRICT_DNS' : 'LOGICAL_DNS';
    cluster = { name, type, connectTimeout: DEFAULT_CONNECT_TIMEOUT, lbPolicy: 'ROUND_ROBIN', dnsLookupFamily: 'V4_ONLY', loadAssignment: clusterLoadAssignment(name, hosts) };
  } else {
    cluster = { name, type: 'EDS', edsClusterConfig: { edsConfig: ADS_CONFIG_SOURCE }, connectTimeout: DEFAULT_CONNECT_TIMEOUT, lbPolicy: 'ROUND_ROBIN' };
    endpoint = { name, json: clusterLoadAssignment(name, hosts), version: hashString(`endpoint|${fingerprint}`) };
  }
  const { secrets, generated: made } = runClusterPlugins(r.spec, cluster, view, r.metadata.namespace);
  // A plugin may make the cluster resolve its own hosts (an Azure Functions app): it then has no EDS endpoints.
  if (cluster.type !== 'EDS') endpoint = undefined;
  const generated = made.length ? { clusters: made.flatMap((g) => g.clusters.map((c) => item('cluster', c, fingerprint))), listeners: made.flatMap((g) => g.listeners.map((l) => item('listener', l, fingerprint))) } : undefined;
  // getCircuitBreakers: the upstream's circuit breakers, else those Settings give every upstream.
  const defaults = view.policy?.settings?.gloo?.circuitBreakers;
  if (!cluster.circuitBreakers && defaults) cluster.circuitBreakers = circuitBreakers(defaults);
  return { cluster: { name: cluster.name ?? name, json: cluster, version: hashString(`cluster|${fingerprint}`) }, ...(endpoint ? { endpoint } : {}), secrets, ...(generated ? { generated } : {}) };
}

/** A resource a plugin made beside an Upstream's cluster, versioned by its kind, name and the Upstream's fingerprint. */
function item<T extends { name?: string }>(kind: string, json: T, fingerprint: string): XdsItem<T> {
  return { name: json.name ?? '', json, version: hashString(`${kind}|${json.name ?? ''}|${fingerprint}`) };
}

function addressesOf(r: Resource<'Upstream'>, view: GlooView): EndpointAddress[] {
  // Gloo's static plugin gives each host its loadBalancingWeight.
  if (r.spec.static) return (r.spec.static.hosts ?? []).map((h) => ({ address: h.addr ?? '', port: h.port ?? 0, ...(h.loadBalancingWeight !== undefined ? { weight: h.loadBalancingWeight } : {}) }));
  return (view.endpointsByUpstream.get(refKey(r)) ?? []).map((e) => ({ address: e.spec.address ?? '', port: e.spec.port ?? 0, ...(e.spec.hostname ? { hostname: e.spec.hostname } : {}) }));
}
