// Proxyless gRPC clients (target xds:///HOST) ask LDS for a Listener named HOST. When HOST
// is not one of the proxy's listeners, the server answers with an API listener whose
// HttpConnectionManager points at one of the proxy's HTTP route configurations over ADS.
// gRFC A27 (xDS-based global load balancing) describes what the client expects. The HTTP filters of
// that route configuration's connection manager that gRPC clients implement (fault injection, gRFC A33)
// come along before the router, so routes' per-filter configs take effect (gRFC A39). RBAC (gRFC A41)
// is enforced by xDS-enabled gRPC servers only, so it stays out of a client's listener.
import { contentHash, hashString } from '../../common/model/hash';
import type { XdsResource, XdsSnapshot } from '../../common/xds/xds-snapshot';

/** Type URL of envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager. */
export const HCM_TYPE_URL =
  'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager';

/** Type URL of envoy.extensions.filters.http.router.v3.Router. */
export const ROUTER_TYPE_URL = 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router';

/** Picks the route configuration served to proxyless clients; undefined when the proxy has none. */
export type RouteConfigChooser = (snapshot: XdsSnapshot) => string | undefined;

/** The port proxyless clients are matched to first (Gloo's default HTTP gateway port). */
export const PREFERRED_GRPC_PORT = 8080;

interface ChainInfo {
  routeConfigName?: string;
  tls: boolean;
}

/** RDS names of a listener's filter chains, with whether each chain terminates TLS. */
function chainsOf(listener: XdsResource): ChainInfo[] {
  const chains = (listener.json.filterChains ?? []) as Record<string, unknown>[];
  return chains.map((chain) => {
    const filters = (chain.filters ?? []) as { typedConfig?: Record<string, unknown> }[];
    const hcm = filters.find((f) => f.typedConfig?.['@type'] === HCM_TYPE_URL)?.typedConfig;
    const rds = hcm?.rds as { routeConfigName?: string } | undefined;
    return { routeConfigName: rds?.routeConfigName, tls: chain.transportSocket !== undefined };
  });
}

function portOf(listener: XdsResource): number | undefined {
  const address = listener.json.address as { socketAddress?: { portValue?: number } } | undefined;
  return address?.socketAddress?.portValue;
}

function plainRds(listener: XdsResource): string | undefined {
  return chainsOf(listener).find((c) => !c.tls && c.routeConfigName)?.routeConfigName;
}

/** Default chooser: the RDS name of the listener on port 8080 (a non-TLS chain first), else of the first listener with a non-TLS HTTP chain. */
export function defaultGrpcRouteConfig(snapshot: XdsSnapshot): string | undefined {
  const listeners = [...snapshot.resources.listener.items.values()];
  const onPort = listeners.filter((l) => portOf(l) === PREFERRED_GRPC_PORT);
  for (const l of onPort) {
    const name = plainRds(l) ?? chainsOf(l).find((c) => c.routeConfigName)?.routeConfigName;
    if (name) return name;
  }
  for (const l of listeners) {
    const name = plainRds(l);
    if (name) return name;
  }
  return undefined;
}

/** The HttpConnectionManager of an API listener (without its `@type`): RDS over ADS, the given gRPC-supported HTTP filters, and the router filter. */
export function apiListenerHcmJson(routeConfigName: string, filters: readonly unknown[] = []): { rds: { routeConfigName: string; configSource: Record<string, unknown> }; httpFilters: unknown[] } {
  return {
    rds: { routeConfigName, configSource: { ads: {}, resourceApiVersion: 'V3' } },
    httpFilters: [...filters, { name: 'envoy.filters.http.router', typedConfig: { '@type': ROUTER_TYPE_URL } }],
  };
}

/** The Envoy JSON of the API listener answering LDS for HOST, pointing at routeConfigName over ADS. */
export function apiListenerJson(host: string, routeConfigName: string, filters: readonly unknown[] = []): Record<string, unknown> {
  return { name: host, apiListener: { apiListener: { '@type': HCM_TYPE_URL, ...apiListenerHcmJson(routeConfigName, filters) } } };
}

/** Type URLs of the HTTP filters gRPC clients implement besides the router: fault injection (gRFC A33). */
const GRPC_FILTER_TYPES = new Set(['type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault']);

/** The HTTP filters gRPC clients implement of the connection manager that serves route configuration `route` (none when it has none). */
export function grpcHttpFilters(snapshot: XdsSnapshot, route: string): unknown[] {
  for (const l of snapshot.resources.listener.items.values()) {
    const chains = (l.json.filterChains ?? []) as { filters?: { typedConfig?: Record<string, unknown> }[] }[];
    for (const chain of chains) {
      const hcm = chain.filters?.find((f) => f.typedConfig?.['@type'] === HCM_TYPE_URL)?.typedConfig;
      if ((hcm?.rds as { routeConfigName?: string } | undefined)?.routeConfigName !== route) continue;
      const filters = (hcm?.httpFilters ?? []) as { typedConfig?: { '@type'?: string } }[];
      return filters.filter((f) => GRPC_FILTER_TYPES.has(f.typedConfig?.['@type'] ?? ''));
    }
  }
  return [];
}

/** What every API listener shares: the content hash of its JSON without host and route configuration name. */
const API_LISTENER_SHAPE = contentHash(apiListenerJson('', ''));

/**
 * The API listener for HOST as an xDS resource, so the encoder caches it like any other. Its content is fixed
 * but for host and routeConfigName, so its version hashes those two with the fixed shape (no JSON to hash).
 */
export function apiListenerResource(host: string, routeConfigName: string, filters: readonly unknown[] = []): XdsResource {
  const json = apiListenerJson(host, routeConfigName, filters);
  if (filters.length) return Object.freeze({ name: host, version: contentHash(json), json });
  return Object.freeze({ name: host, version: hashString(`${API_LISTENER_SHAPE}\u0000${host}\u0000${routeConfigName}`), json });
}
