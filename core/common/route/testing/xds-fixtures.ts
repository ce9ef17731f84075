// Small builders of xDS snapshots shaped like the translator's output, for the route simulator's tests.
import type { ClusterJson } from '../../gen/envoy/envoy/config/cluster/v3/cluster_pb';
import type { FilterChainJson, FilterJson } from '../../gen/envoy/envoy/config/listener/v3/listener_components_pb';
import type { ListenerJson } from '../../gen/envoy/envoy/config/listener/v3/listener_pb';
import type { RouteActionJson, RouteJson, RouteMatchJson, VirtualHostJson } from '../../gen/envoy/envoy/config/route/v3/route_components_pb';
import type { RouteConfigurationJson } from '../../gen/envoy/envoy/config/route/v3/route_pb';
import type { HttpConnectionManagerJson } from '../../gen/envoy/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager_pb';
import { packAny, typeUrl } from '../../xds/envoy-any';
import { buildXdsSnapshot } from '../../xds/snapshot-builder';
import type { XdsSnapshot } from '../../xds/xds-snapshot';

/** The proxy key the fixtures use. */
export const PROXY = 'gloo-system~gateway-proxy';

const HCM_TYPE = typeUrl<HttpConnectionManagerJson>('envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager');

/** A resource as buildXdsSnapshot takes it, with its JSON typed. */
export interface Resource<T> {
  readonly name: string;
  readonly json: T;
}

/** What a route does: forward, redirect or answer directly. */
export type RouteActionFields = Pick<RouteJson, 'route' | 'redirect' | 'directResponse'>;

/** A network filter list holding one HCM that reads its routes over RDS from `routeConfigName`. */
export function hcmFilters(routeConfigName: string, extra: HttpConnectionManagerJson = {}): FilterJson[] {
  return [
    {
      name: 'envoy.filters.network.http_connection_manager',
      typedConfig: packAny(HCM_TYPE, { statPrefix: 'http', rds: { routeConfigName }, httpFilters: [{ name: 'envoy.filters.http.router' }], ...extra }),
    },
  ];
}

/** A listener on `port` with the given filter chains. */
export function listener(name: string, port: number, filterChains: FilterChainJson[]): Resource<ListenerJson> {
  return { name, json: { name, address: { socketAddress: { address: '::', portValue: port } }, filterChains } };
}

/** A plaintext listener on `port` whose single chain routes with `routeConfigName`. */
export function httpListener(port = 8080, routeConfigName = 'listener-::-8080-routes', hcmExtra: HttpConnectionManagerJson = {}): Resource<ListenerJson> {
  return listener(`listener-::-${port}`, port, [{ filters: hcmFilters(routeConfigName, hcmExtra) }]);
}

/** A route configuration resource. */
export function routeConfig(name: string, virtualHosts: VirtualHostJson[], extra: RouteConfigurationJson = {}): Resource<RouteConfigurationJson> {
  return { name, json: { name, virtualHosts, ...extra } };
}

/** A virtual host named `<ns>_<name>` with domains and routes. */
export function vhost(ns: string, name: string, domains: string[], routes: RouteJson[]): VirtualHostJson {
  return { name: `${ns}_${name}`, domains, routes };
}

/** A route with a match and an action, named and tagged with its source the way the translator does. */
export function route(match: RouteMatchJson, action: RouteActionFields, source?: { kind: string; namespace: string; name: string; routeIndex: number }): RouteJson {
  const name = source ? `${source.namespace}_${source.name}-route-${source.routeIndex}` : undefined;
  return {
    ...(name ? { name } : {}),
    match,
    ...action,
    ...(source ? { metadata: { filterMetadata: { 'io.xds-sandbox.source': source } } } : {}),
  };
}

/** A forward action to one cluster. */
export function toCluster(cluster: string, extra: RouteActionJson = {}): RouteActionFields {
  return { route: { cluster, ...extra } };
}

/** An EDS cluster resource. */
export function cluster(name: string): Resource<ClusterJson> {
  return { name, json: { name, type: 'EDS', edsClusterConfig: { edsConfig: { ads: {} } } } };
}

/** A snapshot with one plaintext listener on 8080 routing with the given virtual hosts, plus clusters. */
export function gatewaySnapshot(virtualHosts: VirtualHostJson[], clusters: string[] = [], opts: { hcm?: HttpConnectionManagerJson; routeConfig?: RouteConfigurationJson } = {}): XdsSnapshot {
  return buildXdsSnapshot(PROXY, {
    listener: [httpListener(8080, 'listener-::-8080-routes', opts.hcm ?? {})],
    route: [routeConfig('listener-::-8080-routes', virtualHosts, opts.routeConfig ?? {})],
    cluster: clusters.map(cluster),
  });
}
