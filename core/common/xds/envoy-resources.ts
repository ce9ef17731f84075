// The generated proto3 JSON type of each xDS resource type the sandbox serves (TYPE_URLS in xds-snapshot.ts).
import type { ClusterJson } from '../gen/envoy/envoy/config/cluster/v3/cluster_pb';
import type { ClusterLoadAssignmentJson } from '../gen/envoy/envoy/config/endpoint/v3/endpoint_pb';
import type { ListenerJson } from '../gen/envoy/envoy/config/listener/v3/listener_pb';
import type { RouteConfigurationJson } from '../gen/envoy/envoy/config/route/v3/route_pb';
import type { SecretJson } from '../gen/envoy/envoy/extensions/transport_sockets/tls/v3/secret_pb';
import type { XdsResource, XdsType } from './xds-snapshot';

/** The JSON type of the resources of each xDS type. */
export interface XdsResourceJson {
  cluster: ClusterJson;
  endpoint: ClusterLoadAssignmentJson;
  listener: ListenerJson;
  route: RouteConfigurationJson;
  secret: SecretJson;
}

/** A snapshot resource's JSON as the generated type of its xDS type (the snapshot holds what the translator built for that type). */
export function resourceJson<T extends XdsType>(_type: T, resource: XdsResource): XdsResourceJson[T] {
  return resource.json as XdsResourceJson[T];
}
