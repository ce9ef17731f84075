// An xDS snapshot: the complete, immutable set of Envoy resources for one proxy
// (one node key), as the gloo stage produces them and the xDS server serves them.
// Resources are kept as Envoy's proto3 JSON (no "@type" at the top level); the
// server encodes them to protobuf bytes once per version.

/** Envoy v3 type URLs served over ADS, in the order the server pushes them (make before break). */
export const TYPE_URLS = {
  cluster: 'type.googleapis.com/envoy.config.cluster.v3.Cluster',
  endpoint: 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment',
  listener: 'type.googleapis.com/envoy.config.listener.v3.Listener',
  route: 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration',
  secret: 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret',
} as const;

/** Short name of a resource type: cluster, endpoint, listener, route, secret. */
export type XdsType = keyof typeof TYPE_URLS;

/** One of the Envoy v3 type URLs above. */
export type TypeUrl = (typeof TYPE_URLS)[XdsType];

/** Push order (xDS spec, "Eventual consistency considerations"): CDS, EDS, LDS, RDS, then SDS. */
export const XDS_TYPES: readonly XdsType[] = ['cluster', 'endpoint', 'listener', 'route', 'secret'];

/** The short type for a type URL, or undefined when the URL is not one the sandbox serves. */
export function xdsTypeOf(typeUrl: string): XdsType | undefined {
  return XDS_TYPES.find((t) => TYPE_URLS[t] === typeUrl);
}

/** One named Envoy resource as proto3 JSON, with the hash of its content as its version. */
export interface XdsResource {
  readonly name: string;
  readonly version: string;
  readonly json: Readonly<Record<string, unknown>>;
}

/** The resources of one type, by name, with a version that is the hash of all of them. */
export interface XdsResourceSet {
  readonly version: string;
  readonly items: ReadonlyMap<string, XdsResource>;
}

/** Everything one proxy is served. `node` is the proxy key `namespace~name`. */
export interface XdsSnapshot {
  readonly node: string;
  readonly version: string;
  readonly resources: Readonly<Record<XdsType, XdsResourceSet>>;
}
