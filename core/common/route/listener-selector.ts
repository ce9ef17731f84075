// From a port and a server name to the HTTP connection manager that routes the request: the listener
// bound to the port, its filter chain chosen as Envoy does
// (https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/listener/v3/listener_components.proto#config-listener-v3-filterchainmatch:
// destination port, then server names — exact, then the longest wildcard, then chains without
// server names — then transport protocol; `default_filter_chain` when none fits), and its route table.
import type { XdsResource, XdsSnapshot } from '../xds/xds-snapshot';
import {
  listenerInput,
  listOf,
  routeConfigurationInput,
  unwrap,
  type FilterChainInput,
  type HttpConnectionManagerInput,
  type ListenerInput,
  type RouteConfigurationInput,
} from './envoy-input';

const HCM_FILTER_NAMES = new Set(['envoy.filters.network.http_connection_manager', 'envoy.http_connection_manager']);
const HCM_TYPE_SUFFIX = '.HttpConnectionManager';

/** The listeners whose socket address uses the port, sorted by name. */
export function listenersOnPort(xds: XdsSnapshot, port: number): XdsResource[] {
  return [...xds.resources.listener.items.values()]
    .filter((r) => Number(listenerInput(r.json).address?.socketAddress?.portValue) === port)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Whether any filter chain of the listener expects TLS: it terminates it (a transport socket, legacy tls_context or transport_protocol tls), or matches server names, which only TLS connections carry (TLS passthrough). */
export function isTlsListener(listener: ListenerInput): boolean {
  return listOf(listener.filterChains).some(
    (c) => Boolean(c.transportSocket || c.tlsContext) || c.filterChainMatch?.transportProtocol === 'tls' || listOf(c.filterChainMatch?.serverNames).length > 0,
  );
}

/** A chosen filter chain and its index in `filter_chains` (-1 for `default_filter_chain`). */
export interface FilterChainSelection {
  readonly chain: FilterChainInput;
  readonly index: number;
}

/** The filter chain a connection to `port` with SNI `serverName` ('' for none) lands on, or undefined. */
export function selectFilterChain(listener: ListenerInput, conn: { port: number; serverName: string; tls: boolean }): FilterChainSelection | undefined {
  let chains: FilterChainSelection[] = listOf(listener.filterChains).map((chain, index) => ({ chain, index }));
  chains = narrow(chains, (c) => destinationPort(c) === conn.port, (c) => destinationPort(c) === undefined);
  chains = byServerName(chains, conn.serverName.toLowerCase());
  const protocol = conn.tls ? 'tls' : 'raw_buffer';
  chains = narrow(chains, (c) => c.filterChainMatch?.transportProtocol === protocol, (c) => !c.filterChainMatch?.transportProtocol);
  if (chains.length > 0) return chains[0];
  return listener.defaultFilterChain ? { chain: listener.defaultFilterChain, index: -1 } : undefined;
}

function destinationPort(c: FilterChainInput): number | undefined {
  const p = unwrap(c.filterChainMatch?.destinationPort);
  return p === undefined ? undefined : Number(p);
}

/** Chains passing `specific` when any does, else those passing `fallback` (Envoy prefers the most specific criterion). */
function narrow(chains: FilterChainSelection[], specific: (c: FilterChainInput) => boolean, fallback: (c: FilterChainInput) => boolean): FilterChainSelection[] {
  const exact = chains.filter((s) => specific(s.chain));
  return exact.length > 0 ? exact : chains.filter((s) => fallback(s.chain));
}

function byServerName(chains: FilterChainSelection[], sni: string): FilterChainSelection[] {
  const names = (s: FilterChainSelection) => listOf(s.chain.filterChainMatch?.serverNames).map((n) => n.toLowerCase());
  if (sni !== '') {
    const exact = chains.filter((s) => names(s).includes(sni));
    if (exact.length > 0) return exact;
    // Wildcards from the longest: a.b.example.com tries *.b.example.com, then *.example.com, then *.com.
    for (let dot = sni.indexOf('.', 1); dot >= 0; dot = sni.indexOf('.', dot + 1)) {
      const wildcard = '*' + sni.slice(dot);
      const hits = chains.filter((s) => names(s).includes(wildcard));
      if (hits.length > 0) return hits;
    }
  }
  return chains.filter((s) => names(s).length === 0);
}

/** The HTTP connection manager config of a filter chain, or undefined when it has none. */
export function httpConnectionManager(chain: FilterChainInput): HttpConnectionManagerInput | undefined {
  for (const f of listOf(chain.filters)) {
    const type = f.typedConfig?.['@type'];
    if (HCM_FILTER_NAMES.has(f.name ?? '') || (typeof type === 'string' && type.endsWith(HCM_TYPE_SUFFIX))) {
      // The filter name or the Any's type URL says the config is an HttpConnectionManager.
      return (f.typedConfig ?? f.config ?? {}) as HttpConnectionManagerInput;
    }
  }
  return undefined;
}

/** The route table an HCM uses: its RDS RouteConfiguration from the snapshot, or its inline one. */
export function routeConfigurationOf(
  hcm: HttpConnectionManagerInput,
  xds: XdsSnapshot,
): { name: string; config?: RouteConfigurationInput } {
  if (hcm.rds) {
    const name = hcm.rds.routeConfigName ?? '';
    const r = xds.resources.route.items.get(name);
    return { name, ...(r ? { config: routeConfigurationInput(r.json) } : {}) };
  }
  if (hcm.routeConfig) return { name: hcm.routeConfig.name ?? '(inline)', config: hcm.routeConfig };
  return { name: '' };
}

/**
 * The Host header as the HCM passes it to routing: strip_trailing_host_dot removes a final dot,
 * strip_any_host_port any port, strip_matching_host_port only the listener's own port.
 */
export function hostForRouting(host: string, hcm: HttpConnectionManagerInput, listenerPort: number): string {
  let h = host;
  if (hcm.stripTrailingHostDot) h = h.replace(/\.(?=(:\d+)?$)/, '');
  const m = /^(.*[^\]:]|\[.*\]):(\d+)$/.exec(h);
  if (m && (hcm.stripAnyHostPort || (hcm.stripMatchingHostPort && Number(m[2]) === listenerPort))) h = m[1];
  return h;
}
