// Every kind of Proxy listener → one Envoy listener (Gloo's ListenerSubsystemTranslatorFactory.
// GetTranslators, projects/gloo/pkg/translator/listener_subsystem.go): HTTP listeners by
// translateListener, TCP listeners by their tcp_proxy chains, hybrid listeners by the chains of their
// matched listeners. TCP and hybrid listeners get the TLS inspector where Gloo's tls_inspector plugin
// adds it, and the listener options' plugins run on all of them.
import type { ListenerJson as EnvoyListener } from '../../gen/envoy/envoy/config/listener/v3/listener_pb';
import type { RouteConfigurationJson } from '../../gen/envoy/envoy/config/route/v3/route_pb';
import type { SecretJson } from '../../gen/envoy/envoy/extensions/transport_sockets/tls/v3/secret_pb';
import type { HttpListenerJson, ListenerJson } from '../../gen/gloo/api/v1/proxy_pb';
import { contentHash } from '../../model/hash';
import { packAny } from '../../xds/envoy-any';
import { routeConfigName } from '../names';
import { applyListenerPlugins } from '../plugins/run-listener-plugins';
import { withUseProxyProto } from '../plugins/proxy-protocol/proxy-protocol';
import { TLS_INSPECTOR_FILTER, TLS_INSPECTOR_TYPE, type XdsItem } from './envoy-types';
import type { GlooView } from './gloo-objects';
import { hybridFilterChains, hybridNeedsTlsInspector, matchedRouteConfigName, tcpNeedsTlsInspector } from './hybrid-listener';
import { translateListener } from './listener-translator';
import { tcpFilterChains, type LabeledChain } from './tcp-listener';
import type { VirtualHostOutput } from './virtual-host-translator';

/** One HTTP connection manager's part of a Proxy listener: its route configuration name and Gloo HttpListener. */
export interface HttpPart {
  readonly routeConfig: string;
  readonly http: HttpListenerJson;
}

/** An HttpPart with its virtual hosts translated. */
export interface TranslatedHttpPart extends HttpPart {
  readonly vhosts: readonly VirtualHostOutput[];
}

/** An Envoy listener (none when it would have no filter chain), its route configurations and the Secrets its TLS needs. */
export interface AnyListenerOutput {
  readonly listener?: XdsItem<EnvoyListener>;
  readonly routeConfigs: readonly XdsItem<RouteConfigurationJson>[];
  readonly secrets: readonly XdsItem<SecretJson>[];
}

/** The HTTP parts of a Proxy listener: one for an HTTP listener (or one without a type), one per matched HTTP listener of a hybrid one, none for TCP. */
export function httpPartsOf(l: ListenerJson): HttpPart[] {
  const name = l.name ?? '';
  if (l.tcpListener) return [];
  if (!l.hybridListener) return [{ routeConfig: routeConfigName(name), http: l.httpListener ?? {} }];
  return (l.hybridListener.matchedListeners ?? []).flatMap((m) => (m.httpListener ? [{ routeConfig: matchedRouteConfigName(name, m.matcher), http: m.httpListener }] : []));
}

/** Translates a Proxy listener of any kind; `parts` are its httpPartsOf with virtual hosts translated. */
export function translateAnyListener(l: ListenerJson, parts: readonly TranslatedHttpPart[], view: GlooView, namespace: string): AnyListenerOutput {
  if (!l.tcpListener && !l.hybridListener) {
    const out = translateListener(l, parts[0]?.vhosts ?? [], view, namespace);
    return { listener: out.listener, routeConfigs: [out.routeConfig], secrets: out.secrets };
  }
  const built = nonHttpChains(l, parts, view, namespace);
  if (built.chains.length === 0) return { routeConfigs: built.routeConfigs, secrets: built.secrets };
  const json: EnvoyListener = { name: l.name ?? '', address: listenerAddress(l), filterChains: built.chains.map((c) => c.chain) };
  if (l.tcpListener ? tcpNeedsTlsInspector(l.tcpListener.tcpHosts ?? []) : hybridNeedsTlsInspector(l)) {
    json.listenerFilters = [{ name: TLS_INSPECTOR_FILTER, typedConfig: packAny(TLS_INSPECTOR_TYPE, {}) }];
  }
  applyListenerPlugins(withUseProxyProto(l), json, view);
  return { listener: { name: json.name ?? '', json, version: contentHash(json) }, routeConfigs: built.routeConfigs, secrets: built.secrets };
}

/** The filter chains of a TCP or hybrid listener (each chain with the matched listener it came from, for hybrid ones). */
export function nonHttpChains(l: ListenerJson, parts: readonly TranslatedHttpPart[], view: GlooView, namespace: string): { chains: (LabeledChain & { matched?: number })[]; routeConfigs: XdsItem<RouteConfigurationJson>[]; secrets: XdsItem<SecretJson>[] } {
  if (l.tcpListener) return { ...tcpFilterChains(l.tcpListener, view, namespace), routeConfigs: [] };
  const byName = new Map(parts.map((p) => [p.routeConfig, p.vhosts]));
  const matched = l.hybridListener?.matchedListeners ?? [];
  return hybridFilterChains(l, (i) => byName.get(matchedRouteConfigName(l.name ?? '', matched[i]?.matcher)) ?? [], view, namespace);
}

/** The socket address of a Proxy listener; Gloo binds `::` with ipv4Compat so IPv4 clients reach it too (computeListenerAddress). */
export function listenerAddress(l: ListenerJson): NonNullable<EnvoyListener['address']> {
  const address = l.bindAddress || '::';
  return { socketAddress: { address, portValue: l.bindPort ?? 0, ...(address === '::' ? { ipv4Compat: true } : {}) } };
}
