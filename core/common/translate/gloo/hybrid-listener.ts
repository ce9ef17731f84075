// A Proxy HybridListener → Envoy filter chains: each matched listener gives the chains of its HTTP or
// TCP listener, and its matcher is added to each chain's filter_chain_match (Gloo's
// GetHybridListenerTranslators, projects/gloo/pkg/translator/listener_subsystem.go, with
// httpFilterChainTranslator and tcpFilterChainTranslator.ComputeFilterChains in filter_chain.go).
// HTTP chains get their own route configuration, `<listener>-routes-<hash of the matcher>`
// (Gloo's MatchedRouteConfigName).
import type { CidrRangeJson as EnvoyCidrRange } from '../../gen/envoy/envoy/config/core/v3/address_pb';
import type { FilterChainJson, FilterChainMatchJson } from '../../gen/envoy/envoy/config/listener/v3/listener_components_pb';
import type { RouteConfigurationJson } from '../../gen/envoy/envoy/config/route/v3/route_pb';
import type { SecretJson } from '../../gen/envoy/envoy/extensions/transport_sockets/tls/v3/secret_pb';
import type { CidrRangeJson } from '../../gen/gloo/api/external/envoy/config/core/v3/address_pb';
import type { ListenerJson, MatchedListenerJson, MatcherJson } from '../../gen/gloo/api/v1/proxy_pb';
import type { SslConfigJson } from '../../gen/gloo/api/v1/ssl/ssl_pb';
import { contentHash } from '../../model/hash';
import { routeConfigName } from '../names';
import type { XdsItem } from './envoy-types';
import type { GlooView } from './gloo-objects';
import { translateListener } from './listener-translator';
import { tcpFilterChains, type LabeledChain } from './tcp-listener';
import type { VirtualHostOutput } from './virtual-host-translator';

/** A hybrid listener's filter chains (each with the index of its matched listener), route configurations and Secrets. */
export interface HybridChains {
  readonly chains: (LabeledChain & { readonly matched: number })[];
  readonly routeConfigs: XdsItem<RouteConfigurationJson>[];
  readonly secrets: XdsItem<SecretJson>[];
}

/** Route configuration name of a matched HTTP listener: `<listener>-routes-<hash of its matcher>` (MatchedRouteConfigName). */
export function matchedRouteConfigName(listener: string, matcher: MatcherJson | undefined): string {
  return matcher ? `${routeConfigName(listener)}-${contentHash(matcher)}` : routeConfigName(listener);
}

/** The chains of every matched listener, in order; `vhostsOf(i)` gives the translated virtual hosts of matched listener i. */
export function hybridFilterChains(l: ListenerJson, vhostsOf: (matched: number) => readonly VirtualHostOutput[], view: GlooView, namespace: string): HybridChains {
  const out: HybridChains = { chains: [], routeConfigs: [], secrets: [] };
  (l.hybridListener?.matchedListeners ?? []).forEach((m, i) => {
    const matcher = m.matcher ?? {};
    let chains: LabeledChain[];
    if (m.tcpListener) {
      const tcp = tcpFilterChains(m.tcpListener, view, namespace);
      out.secrets.push(...tcp.secrets);
      chains = tcp.chains.map((c) => ({ ...c, chain: withDefaultServerNames(c.chain, matcher.sslConfig) }));
    } else {
      const http = httpChains(l, m, vhostsOf(i), view, namespace);
      out.routeConfigs.push(http.routeConfig);
      out.secrets.push(...http.secrets);
      chains = http.chains;
    }
    for (const c of chains) out.chains.push({ ...c, chain: withMatcher(c.chain, matcher), matched: i });
  });
  return out;
}

/** Whether a hybrid listener needs the TLS inspector (Gloo's tls_inspector plugin, includeTlsInspectorForHybridListener). */
export function hybridNeedsTlsInspector(l: ListenerJson): boolean {
  return (l.hybridListener?.matchedListeners ?? []).some((m) => !!m.matcher?.sslConfig || (m.tcpListener && tcpNeedsTlsInspector(m.tcpListener.tcpHosts ?? [])));
}

/** Whether TCP hosts need the TLS inspector: one has an sslConfig or forwards by SNI (includeTlsInspectorForTcpListener). */
export function tcpNeedsTlsInspector(hosts: readonly { sslConfig?: SslConfigJson; destination?: { forwardSniClusterName?: object } }[]): boolean {
  return hosts.some((h) => !!h.sslConfig || !!h.destination?.forwardSniClusterName);
}

/** The HTTP chains of a matched listener, built as an HTTP listener's: one per SslConfig (each completed by the matcher's), else one plain chain. */
function httpChains(l: ListenerJson, m: MatchedListenerJson, vhosts: readonly VirtualHostOutput[], view: GlooView, namespace: string) {
  const defaults = m.matcher?.sslConfig;
  const ssl = (m.sslConfigurations ?? []).map((s) => (defaults ? withSslDefaults(s, defaults) : s));
  const part: ListenerJson = { name: l.name, bindAddress: l.bindAddress, bindPort: l.bindPort, httpListener: m.httpListener ?? {}, ...(ssl.length ? { sslConfigurations: ssl } : {}) };
  const built = translateListener(part, vhosts, view, namespace, matchedRouteConfigName(l.name ?? '', m.matcher));
  const chains: LabeledChain[] = (built.listener.json.filterChains ?? []).map((chain, i) => ({ chain, ...(ssl[i] ? { sni: ssl[i].sniDomains ?? [] } : {}) }));
  return { chains, routeConfig: built.routeConfig, secrets: built.secrets };
}

/**
 * An SslConfig completed by the matcher's: fields it leaves unset are taken from the defaults
 * (Gloo's MergeSslConfig, a shallow merge where set fields of the VirtualService's config win).
 */
export function withSslDefaults(ssl: SslConfigJson, defaults: SslConfigJson): SslConfigJson {
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(ssl)) if (v !== undefined && !(Array.isArray(v) && v.length === 0)) out[k] = v;
  return out as SslConfigJson;
}

/** A TCP chain without server names takes the matcher's SNI domains (tcpFilterChainTranslator, defaultSslConfig). */
function withDefaultServerNames(chain: FilterChainJson, ssl: SslConfigJson | undefined): FilterChainJson {
  if (!ssl || chain.filterChainMatch?.serverNames?.length || !ssl.sniDomains?.length) return chain;
  return { ...chain, filterChainMatch: { ...chain.filterChainMatch, serverNames: [...ssl.sniDomains] } };
}

/** The chain with the matcher's source and destination ranges and destination port in its match (applySourcePrefixRangesToFilterChain and friends). */
export function withMatcher(chain: FilterChainJson, m: MatcherJson): FilterChainJson {
  const match: FilterChainMatchJson = { ...chain.filterChainMatch };
  if (m.sourcePrefixRanges?.length) match.sourcePrefixRanges = m.sourcePrefixRanges.map(envoyRange);
  if (m.prefixRanges?.length) match.prefixRanges = m.prefixRanges.map(envoyRange);
  if (m.destinationPort) match.destinationPort = m.destinationPort;
  return Object.keys(match).length ? { ...chain, filterChainMatch: match } : chain;
}

function envoyRange(r: CidrRangeJson): EnvoyCidrRange {
  return { addressPrefix: r.addressPrefix ?? '', ...(r.prefixLen !== undefined ? { prefixLen: r.prefixLen } : {}) };
}
