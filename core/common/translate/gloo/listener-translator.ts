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
  type Json,
  type XdsItem,
} from './envoy-types';
import type { GlooView } from './gloo-objects';
import { httpFiltersFor } from '../plugins/run-plugins';
import { commonTlsContext } from './secret-translator';
import type { VirtualHostOutput } from './virtual-host-translator';

/** ALPN offered on HTTPS listeners when the SslConfig names none (Gloo's default). */
export const DEFAULT_ALPN = ['h2', 'http/1.1'];

/** An Envoy listener, its route configuration and the Secrets its TLS needs. */
export interface ListenerOutput {
  readonly listener: XdsItem;
  readonly routeConfig: XdsItem;
  readonly secrets: readonly XdsItem[];
}

/** The route configuration of a listener: its virtual hosts in the order given; the version combines theirs. */
export function routeConfiguration(name: string, vhosts: readonly VirtualHostOutput[]): XdsItem {
  const json: Json = { name };
  if (vhosts.length) json.virtualHosts = vhosts.map((v) => v.json);
  return { name, json, version: hashString(`route|${name}|${vhosts.map((v) => v.version).join(',')}`) };
}

/** HTTP filters: those of the plugins some route or virtual host uses, in stage order, the router last. */
export function httpFilters(vhosts: readonly VirtualHostOutput[]): Json[] {
  const used = new Set<string>();
  for (const v of vhosts) for (const f of v.filters) used.add(f);
  return httpFiltersFor(used);
}

/** Translates a proxy listener whose virtual hosts are already translated. */
export function translateListener(l: ListenerJson, vhosts: readonly VirtualHostOutput[], view: GlooView, namespace: string): ListenerOutput {
  const name = l.name ?? '';
  const routeConfig = routeConfiguration(routeConfigName(name), vhosts);
  const ssl = l.sslConfigurations ?? [];
  const hcm = (statPrefix: string): Json => ({
    name: HCM_FILTER,
    typedConfig: { '@type': HCM_TYPE, statPrefix, rds: { routeConfigName: routeConfig.name, configSource: ADS_CONFIG_SOURCE }, httpFilters: httpFilters(vhosts) },
  });
  const address = l.bindAddress || '::';
  // Gloo binds `::` with ipv4Compat so IPv4 clients reach the listener too.
  const json: Json = { name, address: { socketAddress: { address, portValue: l.bindPort ?? 0, ...(address === '::' ? { ipv4Compat: true } : {}) } } };
  const secrets: XdsItem[] = [];
  if (ssl.length === 0) json.filterChains = [{ filters: [hcm('http')] }];
  else {
    json.filterChains = ssl.map((s) => {
      const chain = tlsFilterChain(s, view, namespace);
      secrets.push(...chain.secrets);
      return { ...chain.match, filters: [hcm('https')], transportSocket: chain.transportSocket };
    });
    json.listenerFilters = [{ name: TLS_INSPECTOR_FILTER, typedConfig: { '@type': TLS_INSPECTOR_TYPE } }];
  }
  return { listener: { name, json, version: contentHash(json) }, routeConfig, secrets };
}

function tlsFilterChain(s: SslConfigJson, view: GlooView, namespace: string): { match: Json; transportSocket: Json; secrets: readonly XdsItem[] } {
  const parts = commonTlsContext({ ...s, alpnProtocols: s.alpnProtocols?.length ? s.alpnProtocols : DEFAULT_ALPN }, view, namespace);
  const tls: Json = { '@type': DOWNSTREAM_TLS_TYPE, commonTlsContext: parts.common };
  if (parts.hasCa && !s.oneWayTls) tls.requireClientCertificate = true;
  const match = s.sniDomains?.length ? { filterChainMatch: { serverNames: [...s.sniDomains] } } : {};
  return { match, transportSocket: { name: TLS_TRANSPORT_SOCKET, typedConfig: tls }, secrets: parts.secrets };
}
