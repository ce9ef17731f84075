// Small builders of xDS snapshots shaped like the translator's output, for the route simulator's tests.
import { buildXdsSnapshot } from '../../xds/snapshot-builder';
import type { XdsSnapshot } from '../../xds/xds-snapshot';
import type { Json } from '../envoy-json';

/** The proxy key the fixtures use. */
export const PROXY = 'gloo-system~gateway-proxy';

const HCM_TYPE = 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager';

/** A network filter list holding one HCM that reads its routes over RDS from `routeConfigName`. */
export function hcmFilters(routeConfigName: string, extra: Json = {}): Json[] {
  return [
    {
      name: 'envoy.filters.network.http_connection_manager',
      typedConfig: { '@type': HCM_TYPE, statPrefix: 'http', rds: { routeConfigName }, httpFilters: [{ name: 'envoy.filters.http.router' }], ...extra },
    },
  ];
}

/** A listener on `port` with the given filter chains. */
export function listener(name: string, port: number, filterChains: Json[]): { name: string; json: Json } {
  return { name, json: { name, address: { socketAddress: { address: '::', portValue: port } }, filterChains } };
}

/** A plaintext listener on `port` whose single chain routes with `routeConfigName`. */
export function httpListener(port = 8080, routeConfigName = 'listener-::-8080-routes', hcmExtra: Json = {}): { name: string; json: Json } {
  return listener(`listener-::-${port}`, port, [{ filters: hcmFilters(routeConfigName, hcmExtra) }]);
}

/** A route configuration resource. */
export function routeConfig(name: string, virtualHosts: Json[], extra: Json = {}): { name: string; json: Json } {
  return { name, json: { name, virtualHosts, ...extra } };
}

/** A virtual host named `<ns>_<name>` with domains and routes. */
export function vhost(ns: string, name: string, domains: string[], routes: Json[]): Json {
  return { name: `${ns}_${name}`, domains, routes };
}

/** A route with a match and an action, named and tagged with its source the way the translator does. */
export function route(match: Json, action: Json, source?: { kind: string; namespace: string; name: string; routeIndex: number }): Json {
  const name = source ? `${source.namespace}_${source.name}-route-${source.routeIndex}` : undefined;
  return {
    ...(name ? { name } : {}),
    match,
    ...action,
    ...(source ? { metadata: { filterMetadata: { 'io.xds-sandbox.source': source } } } : {}),
  };
}

/** A forward action to one cluster. */
export function toCluster(cluster: string, extra: Json = {}): Json {
  return { route: { cluster, ...extra } };
}

/** An EDS cluster resource. */
export function cluster(name: string): { name: string; json: Json } {
  return { name, json: { name, type: 'EDS', edsClusterConfig: { edsConfig: { ads: {} } } } };
}

/** A snapshot with one plaintext listener on 8080 routing with the given virtual hosts, plus clusters. */
export function gatewaySnapshot(virtualHosts: Json[], clusters: string[] = [], opts: { hcm?: Json; routeConfig?: Json } = {}): XdsSnapshot {
  return buildXdsSnapshot(PROXY, {
    listener: [httpListener(8080, 'listener-::-8080-routes', opts.hcm ?? {})],
    route: [routeConfig('listener-::-8080-routes', virtualHosts, opts.routeConfig ?? {})],
    cluster: clusters.map(cluster),
  });
}
