// The Envoy v3 message shapes plugins write, in proto3 JSON. One file names them, so every hook is
// typed against the same definitions the simulator and the UI read.
import type { Json } from '../gloo/envoy-types';

/** envoy.config.route.v3.Route. */
export type EnvoyRoute = Json;
/** envoy.config.route.v3.RouteAction. */
export type EnvoyRouteAction = Json;
/** envoy.config.route.v3.VirtualHost. */
export type EnvoyVirtualHost = Json;
/** envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter. */
export type EnvoyHttpFilter = Json;
/** envoy.config.cluster.v3.Cluster. */
export type EnvoyCluster = Json;
/** A google.protobuf.Any in proto3 JSON: `@type` and the message's fields. */
export type EnvoyAny = Json & { readonly '@type': string };
