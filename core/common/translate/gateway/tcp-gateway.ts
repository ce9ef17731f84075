// TCP gateways: the Proxy TcpListener Gloo's TcpTranslator.ComputeTcpListener makes of a
// `tcpGateway` (projects/gateway/pkg/translator/tcp_translator.go), and the problems the gloo side's
// tcp plugin (projects/gloo/pkg/plugins/tcp/plugin.go, tcpProxyFilters; ValidateTcpRouteDestinations in
// projects/gloo/pkg/translator/route_config.go) finds in it, judged here on the object that wrote it.
import type { TcpGatewayJson } from '../../gen/gateway/api/v1/gateway_pb';
import type { DestinationJson, TcpHostJson, TcpListenerJson, WeightedDestinationJson } from '../../gen/gloo/api/v1/proxy_pb';
import type { TcpListenerOptionsJson } from '../../gen/gloo/api/v1/tcp_listener_options_pb';
import type { SslConfigJson } from '../../gen/gloo/api/v1/ssl/ssl_pb';
import type { ResourceRefJson } from '../../gen/solo-kit/api/v1/solo-kit_pb';
import { durationProblem } from '../durations';
import { secretIssues, type GlooView } from '../gloo/gloo-objects';
import { tcpHostSkipReason } from '../gloo/tcp-listener';
import { notTranslated } from '../plugins/claims';
import { tokenBucketIssues } from '../plugins/local-ratelimit/local-ratelimit';
import { destinationUpstreamRef } from '../route-validator';
import { httpListenerOptionIssues } from '../plugins/run-listener-plugins';
import type { Issue } from '../served';
import type { RegexValidator } from '../types';
import { refKey, resolveRef } from '../../model/resource';

/** TcpListenerOptions fields the TCP translation reads; the others get a not-translated Warning. */
const TRANSLATED_OPTIONS = new Set<string>(['tcpProxySettings', 'connectionLimit', 'localRatelimit']);

/** What TCP gateway checks read: the served gloo objects, the regex engine, and the namespace references default to. */
export interface TcpCheckContext {
  readonly view: GlooView;
  readonly regex: RegexValidator;
  readonly namespace: string;
}

/** The Proxy TcpListener of a TCP gateway (ComputeTcpListener), with every reference's namespace filled in (it defaults to `namespace`, the owner's), as the Proxy lives elsewhere. */
export function tcpListenerOf(tcp: TcpGatewayJson, namespace: string): TcpListenerJson {
  const tcpHosts = (tcp.tcpHosts ?? []).map((h) => withNamespaces(h, namespace));
  return { ...(tcpHosts.length ? { tcpHosts } : {}), ...(tcp.options ? { options: tcp.options } : {}) };
}

function withNamespaces(h: TcpHostJson, namespace: string): TcpHostJson {
  const d = h.destination;
  const out: TcpHostJson = { ...h };
  if (d) {
    if (d.single) out.destination = { single: destinationIn(d.single, namespace) };
    else if (d.multi) out.destination = { multi: { destinations: (d.multi.destinations ?? []).map((w) => ({ ...w, destination: destinationIn(w.destination, namespace) })) } };
    else if (d.upstreamGroup) out.destination = { upstreamGroup: refIn(d.upstreamGroup, namespace) };
  }
  if (h.sslConfig?.secretRef) out.sslConfig = { ...h.sslConfig, secretRef: refIn(h.sslConfig.secretRef, namespace) };
  return out;
}

function destinationIn(d: DestinationJson | undefined, namespace: string): DestinationJson {
  if (d?.upstream) return { ...d, upstream: refIn(d.upstream, namespace) };
  if (d?.kube) return { ...d, kube: { ...d.kube, ref: refIn(d.kube.ref ?? {}, namespace) } };
  return d ?? {};
}

function refIn(r: ResourceRefJson, namespace: string): ResourceRefJson {
  return r.namespace ? r : { ...r, namespace };
}

/** Problems of a TCP gateway's hosts and options; `field` (e.g. `tcpGateway`) prefixes messages, `namespace` is where references default to. */
export function tcpGatewayIssues(tcp: TcpGatewayJson, ctx: TcpCheckContext, field: string): Issue[] {
  const { view, namespace } = ctx;
  const issues: Issue[] = [];
  const hosts = tcp.tcpHosts ?? [];
  if (hosts.length === 0) issues.push({ severity: 'warning', message: `${field}.tcpHosts is empty, so it gives no filter chain` });
  hosts.forEach((h, i) => issues.push(...hostIssues(withNamespaces(h, namespace), `${field}.tcpHosts[${i}]${h.name ? ` "${h.name}"` : ''}`, view, namespace)));
  issues.push(...optionIssues(tcp.options, `${field}.options`));
  // connectionLimit is the message HTTP listener options have; its plugin judges it (NetworkFiltersTCP).
  if (tcp.options?.connectionLimit) issues.push(...httpListenerOptionIssues({ connectionLimit: tcp.options.connectionLimit }, ctx.regex, `${field}.options`, view));
  // localRatelimit is a TokenBucket as networkLocalRatelimit is; the local rate limit plugin judges it (NetworkFiltersTCP).
  if (tcp.options?.localRatelimit) issues.push(...tokenBucketIssues(tcp.options.localRatelimit, `${field}.options.localRatelimit`));
  return issues;
}

function hostIssues(h: TcpHostJson, at: string, view: GlooView, namespace: string): Issue[] {
  const structure = destinationStructure(h, view, namespace);
  const issues = structure.map((m) => error(`${at}: ${m}`));
  if (structure.length === 0) {
    const skip = tcpHostSkipReason(h, view, namespace);
    // A missing destination is a warning (DestinationNotFoundError); the plugin leaves the host's filter chain out.
    if (skip) issues.push({ severity: 'warning', message: `${at}: ${skip}, so this host has no filter chain and its connections are refused` });
  }
  if (h.sslConfig) issues.push(...sslIssues(h.sslConfig, `${at}.sslConfig`, view, namespace));
  return issues;
}

/** Destination problems Gloo reports as errors: no destination type (NoDestinationTypeError), no destinations (NoDestinationSpecifiedError), weights Envoy refuses. */
function destinationStructure(h: TcpHostJson, view: GlooView, namespace: string): string[] {
  const d = h.destination;
  if (!d || !(d.single || d.multi || d.upstreamGroup || d.forwardSniClusterName)) return ['names no destination: set destination.single, multi, upstreamGroup or forwardSniClusterName'];
  if (d.single) return destinationUpstreamRef(d.single, namespace)?.name ? [] : ['destination.single names no upstream (set upstream, kube or consul)'];
  if (d.multi) return weightedStructure(d.multi.destinations ?? [], 'destination.multi', namespace);
  if (d.upstreamGroup) {
    if (!d.upstreamGroup.name) return ['destination.upstreamGroup.name is required'];
    const group = view.groups.get(refKey(resolveRef('UpstreamGroup', d.upstreamGroup, namespace)))?.resource;
    return group ? weightedStructure(group.spec.destinations ?? [], `UpstreamGroup ${group.metadata.namespace}/${group.metadata.name}`, group.metadata.namespace) : [];
  }
  return [];
}

function weightedStructure(dests: readonly WeightedDestinationJson[], field: string, namespace: string): string[] {
  if (dests.length === 0) return [`${field} has no destinations`];
  const out: string[] = [];
  dests.forEach((w, i) => {
    if (!destinationUpstreamRef(w.destination, namespace)?.name) out.push(`${field}.destinations[${i}] names no upstream`);
    // tcp_proxy.proto, TcpProxy.WeightedCluster.ClusterWeight.weight: uint32 gte 1.
    if (!w.weight) out.push(`${field}.destinations[${i}] has weight 0; Envoy's tcp_proxy needs every weight to be at least 1`);
  });
  return out;
}

/** A host's TLS: a certificate to terminate with (secretRef, sslFiles), or only SNI domains for passthrough (computeTcpFilterChain). */
function sslIssues(s: SslConfigJson, at: string, view: GlooView, namespace: string): Issue[] {
  if (s.secretRef) return secretIssues(view, s.secretRef, namespace, `${at}.secretRef`);
  if (s.sslFiles) return s.sslFiles.tlsCert && s.sslFiles.tlsKey ? [] : [error(`${at}.sslFiles needs tlsCert and tlsKey`)];
  if (s.sds) return [error(`${at}.sds is not served by the sandbox: use secretRef or sslFiles`)];
  return s.sniDomains?.length ? [] : [error(`${at} names no certificate (secretRef or sslFiles) and no sniDomains to pass TLS through by`)];
}

/** TcpListenerOptions: tcpProxySettings as tcpProxyFilters reads it; localRatelimit is not translated. */
function optionIssues(o: TcpListenerOptionsJson | undefined, field: string): Issue[] {
  if (!o) return [];
  const issues = notTranslated(field, Object.keys(o).filter((k) => o[k as keyof TcpListenerOptionsJson] !== undefined && !TRANSLATED_OPTIONS.has(k)));
  const s = o.tcpProxySettings;
  if (!s) return issues;
  const at = `${field}.tcpProxySettings`;
  // TcpProxy.max_connect_attempts: uint32 gte 1.
  if (s.maxConnectAttempts === 0) issues.push(error(`${at}.maxConnectAttempts must be at least 1`));
  for (const [name, value] of [['idleTimeout', s.idleTimeout], ['accessLogFlushInterval', s.accessLogFlushInterval]] as const) {
    const bad = durationProblem(`${at}.${name}`, value);
    if (bad) issues.push(error(bad));
  }
  // tcpProxyFilters: "access log flush interval must have minimum of 1ms".
  if (s.accessLogFlushInterval && !durationProblem('', s.accessLogFlushInterval) && parseFloat(s.accessLogFlushInterval) < 0.001) {
    issues.push(error(`${at}.accessLogFlushInterval must be at least 1ms`));
  }
  // TcpProxy.TunnelingConfig.hostname: string min_len 1.
  if (s.tunnelingConfig && !s.tunnelingConfig.hostname) issues.push(error(`${at}.tunnelingConfig.hostname is required`));
  return issues;
}

function error(message: string): Issue {
  return { severity: 'error', message };
}
