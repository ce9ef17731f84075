// Runs the whole pipeline on VirtualServices (with the default gateways and the objects given) and
// returns what the HTTP listener serves, for the tests of route and virtual host plugins.
import type { RouteConfigurationJson } from '../../gen/envoy/envoy/config/route/v3/route_pb';
import type { RouteJson as EnvoyRoute, VirtualHostJson as EnvoyVirtualHost } from '../../gen/envoy/envoy/config/route/v3/route_components_pb';
import type { ListenerJson } from '../../gen/envoy/envoy/config/listener/v3/listener_pb';
import type { HttpFilterJson } from '../../gen/envoy/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager_pb';
import type { Resource, Status } from '../../model/resource';
import { unpackAny } from '../../xds/envoy-any';
import type { XdsSnapshot } from '../../xds/xds-snapshot';
import { HCM_TYPE } from '../gloo/envoy-types';
import { createPipeline } from '../pipeline';
import { snapshot } from './objects';
import { refKey } from '../../model/resource';

/** What the HTTP listener (port 8080 of gateway-proxy) serves: virtual hosts, their routes by name, its HTTP filters, the statuses, the snapshot. */
export interface TranslatedRoutes {
  readonly virtualHosts: readonly EnvoyVirtualHost[];
  /** Envoy routes of every virtual host, by route name. */
  readonly routes: ReadonlyMap<string, EnvoyRoute>;
  readonly httpFilters: readonly HttpFilterJson[];
  readonly statusOf: (r: Resource) => Status | undefined;
  readonly xds: XdsSnapshot | undefined;
}

/** Translates the objects (VirtualServices, Upstreams, Settings, …) with Gloo's default gateways. */
export function translateRoutes(objects: readonly Resource[]): TranslatedRoutes {
  const result = createPipeline({ now: () => new Date('2024-01-01T00:00:00.000Z') }).run(snapshot(objects));
  const xds = result.xds.get('gloo-system~gateway-proxy');
  const rc = xds?.resources.route.items.get('listener-::-8080-routes')?.json as RouteConfigurationJson | undefined;
  const listener = xds?.resources.listener.items.get('listener-::-8080')?.json as ListenerJson | undefined;
  const hcmFilter = listener?.filterChains?.[0]?.filters?.find((f) => unpackAny(f.typedConfig, HCM_TYPE));
  const virtualHosts = rc?.virtualHosts ?? [];
  const routes = new Map(virtualHosts.flatMap((vh) => (vh.routes ?? []).map((r) => [r.name ?? '', r] as const)));
  return { virtualHosts, routes, httpFilters: unpackAny(hcmFilter?.typedConfig, HCM_TYPE)?.httpFilters ?? [], statusOf: (r) => result.statuses.get(refKey(r)), xds };
}
