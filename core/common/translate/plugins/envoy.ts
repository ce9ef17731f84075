// The Envoy v3 message shapes plugins write: the proto3 JSON types generated from Envoy's protos,
// named once here so every hook is typed against the definitions the simulator and the UI read.
export type { ClusterJson as EnvoyCluster } from '../../gen/envoy/envoy/config/cluster/v3/cluster_pb';
export type { RouteActionJson as EnvoyRouteAction, RouteJson as EnvoyRoute, VirtualHostJson as EnvoyVirtualHost, WeightedCluster_ClusterWeightJson as EnvoyClusterWeight } from '../../gen/envoy/envoy/config/route/v3/route_components_pb';
export type { HttpFilterJson as EnvoyHttpFilter } from '../../gen/envoy/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager_pb';
export type { AnyJson as EnvoyAny } from '@bufbuild/protobuf/wkt';
