// ClusterLoadAssignments: the endpoints of a cluster, served over EDS (or inline for LOGICAL_DNS).
import type { ClusterLoadAssignmentJson } from '../../gen/envoy/envoy/config/endpoint/v3/endpoint_pb';

/** One endpoint address. */
export interface EndpointAddress {
  readonly address: string;
  readonly port: number;
  readonly hostname?: string;
  /** Share of the locality's traffic relative to the other endpoints (a static host's loadBalancingWeight). */
  readonly weight?: number;
}

/**
 * The ClusterLoadAssignment of a cluster: one locality holding every endpoint, in the order given.
 * The locality is set and weighted because proxyless gRPC clients (@grpc/grpc-js-xds, gRFC A27)
 * reject a locality that is unset and ignore one without load_balancing_weight; Envoy accepts both.
 */
export function clusterLoadAssignment(clusterName: string, endpoints: readonly EndpointAddress[]): ClusterLoadAssignmentJson {
  if (endpoints.length === 0) return { clusterName };
  const lbEndpoints = endpoints.map((e) => ({
    endpoint: { address: { socketAddress: { address: e.address, portValue: e.port } }, ...(e.hostname ? { hostname: e.hostname } : {}) },
    ...(e.weight !== undefined ? { loadBalancingWeight: e.weight } : {}),
  }));
  return { clusterName, endpoints: [{ locality: {}, lbEndpoints, loadBalancingWeight: 1 }] };
}
