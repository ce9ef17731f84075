// Proxy listeners → Envoy listeners and their route configurations. Each listener has one HTTP
// connection manager per filter chain using RDS over ADS (`<listener>-routes`); HTTPS listeners get
// one filter chain per SslConfig, matched by SNI, with certificates served over SDS.
import type { ListenerJson } from '../../gen/gloo/api/v1/proxy_pb';
import type { SslConfigJson } from '../../gen/gloo/api/v1/ssl/ssl_pb';
import { contentHash, hashString } from '../../model/hash';
import { routeConfigName } from '../names';
import {
  ADS_CONFIG_SOURCE,
  DOWNSTREAM_TLS_TYPE,
  HCM_FILTER,
  HCM_TYPE,
  TLS_INSPECTOR_FILTER,
  TLS_INSPECTOR_TYPE,
  TLS_TRANSPORT_SOCKET,
  type XdsItem,
} from './envoy-types';
import type { ListenerJson as EnvoyListener } from '../../gen/envoy/envoy/config/listener/v3/listener_pb';
import type { FilterChainJson, FilterJson } from '../../gen/envoy/envoy/config/listener/v3/listener_components_pb';
import type { TransportSocketJson } from '../../gen/envoy/envoy/config/core/v3/base_pb';
import type { RouteConfigurationJson } from '../../gen/envoy/envoy/config/route/v3/route_pb';
import type { HttpConnectionManagerJson, HttpFilterJson } from '../../gen/envoy/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager_pb';
import type { HttpListenerOptionsJson } from '../../gen/gloo/api/v1/http_listener_options_pb';
import { applyHttpConnectionManagerPlugins, applyListenerPlugins, listenerNetworkFilters } from '../plugins/run-listener-plugins';
import { withUseProxyProto } from '../plugins/proxy-protocol/proxy-protocol';
import type { SecretJson } from '../../gen/envoy/envoy/extensions/transport_sockets/tls/v3/secret_pb';
import type { DownstreamTlsContextJson } from '../../gen/envoy/envoy/extensions/transport_sockets/tls/v3/tls_pb';
import { packAny } from '../../xds/envoy-any';
import type { GlooView } from './gloo-objects';
import { httpFiltersFor } from '../plugins/run-plugins';
import type { FilterPart } from '../plugins/plugin';
import { commonTlsContext } from './secret-translator';
import type { VirtualHostOutput } from './virtual-host-translator';

/** ALPN offered on HTTPS listeners when the SslConfig names none (Gloo's default). */
export const DEFAULT_ALPN = ['h2', 'http/1.1'];

/** An Envoy listener, its route configuration and the Secrets its TLS needs. */
export interface ListenerOutput {
  readonly listener: XdsItem<EnvoyListener>;
  readonly routeConfig: XdsItem<RouteConfigurationJson>;
  readonly secrets: readonly XdsItem<SecretJson>[];
}

/** The route configuration of a listener: its virtual hosts in the order given; the version combines theirs. */
export function routeConfiguration(name: string, vhosts: readonly VirtualHostOutput[]): XdsItem<RouteConfigurationJson> {
  const json: RouteConfigurationJson = { name };
  if (vhosts.length) json.virtualHosts = vhosts.map((v) => v.json);
  return { name, json, version: hashString(`route|${name}|${vhosts.map((v) => v.version).join(',')}`) };
}

/** HTTP filters: those of the plugins some route or virtual host uses, in stage order, the router last. */
export function httpFilters(vhosts: readonly VirtualHostOutput[], options?: HttpListenerOptionsJson, view?: GlooView): HttpFilterJson[] {
  const used = new Set<string>();
  const parts = new Map<string, FilterPart[]>();
  for (const v of vhosts) {
    for (const f of v.filters) used.add(f);
    for (const [name, list] of v.filterParts) parts.set(name, [...(parts.get(name) ?? []), ...list]);
  }
  return httpFiltersFor(used, options, view ? { parts, view } : undefined);
}

/** Translates a proxy HTTP listener whose virtual hosts are already translated; its RDS name is `<listener>-routes` unless `rdsName` is given. */
export function translateListener(l: ListenerJson, vhosts: readonly VirtualHostOutput[], view: GlooView, namespace: string, rdsName?: string): ListenerOutput {
  const name = l.name ?? '';
  const routeConfig = routeConfiguration(rdsName ?? routeConfigName(name), vhosts);
  const ssl = l.sslConfigurations ?? [];
  const options = l.httpListener?.options;
  const networkFilters = listenerNetworkFilters(options);
  // The same for every filter chain: merged once from the virtual hosts, copied per connection manager.
  const filters = httpFilters(vhosts, options, view);
  const hcm = (statPrefix: string): FilterJson => {
    const config: HttpConnectionManagerJson = { statPrefix, rds: { routeConfigName: routeConfig.name, configSource: ADS_CONFIG_SOURCE }, httpFilters: [...filters] };
    applyHttpConnectionManagerPlugins(options, config, view, l);
    return { name: HCM_FILTER, typedConfig: packAny(HCM_TYPE, config) };
  };
  const address = l.bindAddress || '::';
  // Gloo binds `::` with ipv4Compat so IPv4 clients reach the listener too.
  const json: EnvoyListener = { name, address: { socketAddress: { address, portValue: l.bindPort ?? 0, ...(address === '::' ? { ipv4Compat: true } : {}) } } };
  const secrets: XdsItem<SecretJson>[] = [];
  if (ssl.length === 0) json.filterChains = [{ filters: [...networkFilters, hcm('http')] }];
  else {
    json.filterChains = ssl.map((s) => {
      const chain = tlsFilterChain(s, view, namespace);
      secrets.push(...chain.secrets);
      return { ...chain.match, filters: [...networkFilters, hcm('https')], transportSocket: chain.transportSocket };
    });
    json.listenerFilters = [{ name: TLS_INSPECTOR_FILTER, typedConfig: packAny(TLS_INSPECTOR_TYPE, {}) }];
  }
  applyListenerPlugins(withUseProxyProto(l), json, view);
  return { listener: { name, json, version: contentHash(json) }, routeConfig, secrets };
}

/** The TLS parts of a downstream filter chain for an SslConfig: SNI match, transport socket, and the Secrets it needs. */
export function tlsFilterChain(s: SslConfigJson, view: GlooView, namespace: string): { match: Pick<FilterChainJson, 'filterChainMatch'>; transportSocket: TransportSocketJson; secrets: readonly XdsItem<SecretJson>[] } {
  const parts = commonTlsContext({ ...s, alpnProtocols: s.alpnProtocols?.length ? s.alpnProtocols : DEFAULT_ALPN }, view, namespace);
  const tls: DownstreamTlsContextJson = { commonTlsContext: parts.common };
  if (parts.hasCa && !s.oneWayTls) tls.requireClientCertificate = true;
  const match = s.sniDomains?.length ? { filterChainMatch: { serverNames: [...s.sniDomains] } } : {};
  return { match, transportSocket: { name: TLS_TRANSPORT_SOCKET, typedConfig: packAny(DOWNSTREAM_TLS_TYPE, tls) }, secrets: parts.secrets };
}
